//! Tagged PDF: the structure tree that screen readers, reflow and
//! accessibility checkers read.
//!
//! Layout decides each piece's role once: every block names its structure
//! element (a node of `Tree`), and a span or link box may name another
//! (`SpanTag`). Pages carry those nodes on their marks. Here the marks are
//! numbered (marked-content ids, one per run of marks of one element on a
//! page), and the tree is written (as bytes, `objects`): elements with their kids in
//! the order their content is read, the parent tree, the link annotations
//! as object references, and the catalog entries of a tagged file.
//!
//! The shape follows krilla's (Typst's) and the PDF/UA-1 conventions:
//! `Document` at the root, `Sect` per publication, contents as
//! `TOC`/`TOCI`/`Link`; running heads, rules and leaders are artifacts.

use std::ops::Range;

use anyhow::{ensure, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};

use super::layout::Mark;
use super::objects::{write_object, Written, MOST_ARRAY_ITEMS};

/// A node of the structure tree, by index (32 bits: pages hold a mark per
/// word, each naming its node).
pub type NodeId = u32;

/// Structure types (PDF 32000-1 14.8.4). Every role layout can give a
/// piece of content is here; `Table`..`Code` are for tables, footnotes and
/// code blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    Sect,
    /// A heading of level 1 to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Link,
    TOC,
    TOCI,
    BlockQuote,
    // Laid out once tables, footnotes and code blocks reach the brief.
    #[allow(dead_code)]
    Table,
    #[allow(dead_code)]
    TR,
    #[allow(dead_code)]
    TH,
    #[allow(dead_code)]
    TD,
    #[allow(dead_code)]
    Note,
    #[allow(dead_code)]
    Code,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::H(level) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][usize::from(level.clamp(1, 6)) - 1]
            }
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::BlockQuote => "BlockQuote",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Note => "Note",
            Role::Code => "Code",
        }
    }
}

pub struct Node {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// Alternate description (a figure's alt text).
    pub alt: Option<String>,
}

/// The structure tree as layout builds it: roles and parents. The order of
/// each element's kids is the order their content appears on the pages.
pub struct Tree {
    pub nodes: Vec<Node>,
}

/// The root `Document` element.
pub const ROOT: NodeId = 0;

impl Tree {
    pub fn new() -> Tree {
        Tree {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                alt: None,
            }],
        }
    }

    pub fn add(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            alt: None,
        });
        (self.nodes.len() - 1) as NodeId
    }

    pub fn set_alt(&mut self, node: NodeId, alt: &str) {
        self.nodes[node as usize].alt = Some(alt.to_string());
    }

    pub fn role_name(&self, node: NodeId) -> &'static str {
        self.nodes[node as usize].role.name()
    }
}

/// Which element a span or link box belongs to, relative to its block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum SpanTag {
    /// The block's own element.
    #[default]
    Block,
    /// The element of the block's n-th link (a paragraph's link text).
    Link(u32),
    /// An element of its own (a list item's label).
    Node(NodeId),
    /// Not content: leaders, decoration.
    Artifact,
}

/// Marked-content ids of one page's marks, and the element each id marks.
pub struct PageTags {
    /// Per mark: its id, or `None` for artifacts and non-content marks.
    pub mcids: Vec<Option<u32>>,
    /// Per id: its element, and the element's role.
    pub owners: Vec<NodeId>,
    pub roles: Vec<&'static str>,
}

/// Numbers a page's content: consecutive text of one element shares an
/// id; each picture has its own.
pub fn number_marks(marks: &[Mark], tree: &Tree) -> PageTags {
    let mut tags = PageTags {
        mcids: Vec::with_capacity(marks.len()),
        owners: Vec::new(),
        roles: Vec::new(),
    };
    // The element of the last text mark, while text goes on.
    let mut open: Option<NodeId> = None;
    for mark in marks {
        let mcid = match mark {
            Mark::Text {
                tag: Some(node), ..
            } => {
                if open != Some(*node) {
                    tags.owners.push(*node);
                    tags.roles.push(tree.role_name(*node));
                    open = Some(*node);
                }
                Some(tags.owners.len() as u32 - 1)
            }
            Mark::Picture {
                tag: Some(node), ..
            } => {
                open = None;
                tags.owners.push(*node);
                tags.roles.push(tree.role_name(*node));
                Some(tags.owners.len() as u32 - 1)
            }
            Mark::Text { tag: None, .. } => {
                open = None;
                None
            }
            Mark::Link { .. } => None,
            Mark::Picture { .. } | Mark::Rule { .. } | Mark::Shade { .. } => {
                open = None;
                None
            }
        };
        tags.mcids.push(mcid);
    }
    tags
}

/// What the structure tree needs of a page once its content is written:
/// the element of each marked-content id, and the ids and links in the
/// order they are read.
#[derive(Default)]
pub struct PageRecord {
    owners: Vec<NodeId>,
    events: Vec<Event>,
}

enum Event {
    Content(u32),
    /// A link annotation, and its element.
    Link(Option<NodeId>),
}

/// The record of a page from its marks and their numbering.
pub fn record(marks: &[Mark], tags: PageTags) -> PageRecord {
    let mut events = Vec::new();
    let mut last = None;
    for (mark, &mcid) in marks.iter().zip(&tags.mcids) {
        if let (Some(id), true) = (mcid, mcid != last) {
            events.push(Event::Content(id));
            last = mcid;
        }
        if let Mark::Link { tag, .. } = mark {
            events.push(Event::Link(*tag));
        }
    }
    PageRecord {
        owners: tags.owners,
        events,
    }
}

/// A kid of a structure element.
enum Kid {
    /// Marked content: page index and id.
    Content(usize, u32),
    Element(usize),
    /// An annotation object on a page.
    Annotation(usize, ObjectId),
}

/// The role of a group of `role`'s kids: a part of the document, a
/// contents list within the contents (which may nest), else a division.
fn group_role(role: Role) -> &'static str {
    match role {
        Role::Document => "Part",
        Role::TOC => "TOC",
        _ => "Div",
    }
}

/// What the catalog says about the document.
pub struct Catalog<'a> {
    pub lang: &'a str,
}

/// Keys in one leaf of the parent tree (two items each in its `/Nums`),
/// and kids of one of its inner nodes or of a structure element.
const KEYS_PER_LEAF: usize = MOST_ARRAY_ITEMS / 2;
const MOST_KIDS: usize = MOST_ARRAY_ITEMS;

/// Writes the structure tree (into `written`) and the tagged-PDF entries
/// of the catalog from each page's record. `annotations` holds each page's
/// link annotations, in the order of its links; returned is each one's
/// key in the parent tree (`/StructParent`), if it belongs to an element.
pub fn write(
    pdf: &mut lopdf::Document,
    tree: &Tree,
    pages: &[PageRecord],
    page_ids: &[ObjectId],
    annotations: &[Vec<ObjectId>],
    catalog: &Catalog,
    written: &mut Written,
) -> Result<Vec<Vec<Option<usize>>>> {
    let page_count = pages.len();
    ensure!(
        page_ids.len() == page_count && annotations.len() == page_count,
        "{page_count} pages recorded, {} written with {} lists of annotations",
        page_ids.len(),
        annotations.len()
    );
    let mut kids: Vec<Vec<Kid>> = (0..tree.nodes.len()).map(|_| Vec::new()).collect();
    let mut attached = vec![false; tree.nodes.len()];
    attached[ROOT as usize] = true;
    // Attaches a node (and its unattached ancestors) to its parent, so
    // elements come in the order their first content is read.
    let attach = |kids: &mut Vec<Vec<Kid>>, attached: &mut Vec<bool>, node: NodeId| {
        let mut chain = Vec::new();
        let mut at = node as usize;
        while !attached[at] {
            chain.push(at);
            attached[at] = true;
            match tree.nodes[at].parent {
                Some(parent) => at = parent as usize,
                None => break,
            }
        }
        for &n in chain.iter().rev() {
            if let Some(parent) = tree.nodes[n].parent {
                kids[parent as usize].push(Kid::Element(n));
            }
        }
    };
    // Parent tree entries: per page, the element of each id; then one per
    // annotation.
    let mut annotation_owners: Vec<NodeId> = Vec::new();
    let mut keys: Vec<Vec<Option<usize>>> = Vec::with_capacity(page_count);
    for (page_index, (page, page_annotations)) in pages.iter().zip(annotations).enumerate() {
        let mut page_keys = Vec::with_capacity(page_annotations.len());
        let mut links = page_annotations.iter();
        for event in &page.events {
            match event {
                Event::Content(mcid) => {
                    let node = page.owners[*mcid as usize];
                    attach(&mut kids, &mut attached, node);
                    kids[node as usize].push(Kid::Content(page_index, *mcid));
                }
                Event::Link(tag) => {
                    let Some(&annotation) = links.next() else {
                        continue;
                    };
                    let key = tag.map(|node| {
                        attach(&mut kids, &mut attached, node);
                        kids[node as usize].push(Kid::Annotation(page_index, annotation));
                        annotation_owners.push(node);
                        page_count + annotation_owners.len() - 1
                    });
                    page_keys.push(key);
                }
            }
        }
        page_keys.resize(page_annotations.len(), None);
        keys.push(page_keys);
    }

    // The elements that hold content, as objects.
    let ids: Vec<Option<ObjectId>> = (0..tree.nodes.len())
        .map(|n| attached[n].then(|| pdf.new_object_id()))
        .collect();
    let root_id = pdf.new_object_id();
    // A node with more element kids than one array may hold (a long
    // listing's document and contents) holds them in groups, each its own
    // element (see `group_role`): the groups' ids and kids, per node.
    let mut group_of: Vec<Option<ObjectId>> = vec![None; tree.nodes.len()];
    let mut groups: Vec<Vec<(ObjectId, &[Kid])>> = Vec::with_capacity(tree.nodes.len());
    for node_kids in &kids {
        let only_elements = node_kids.iter().all(|k| matches!(k, Kid::Element(_)));
        let mut node_groups = Vec::new();
        if node_kids.len() > MOST_KIDS && only_elements {
            for chunk in node_kids.chunks(MOST_KIDS) {
                let group = pdf.new_object_id();
                for kid in chunk {
                    if let Kid::Element(child) = *kid {
                        group_of[child] = Some(group);
                    }
                }
                node_groups.push((group, chunk));
            }
        }
        groups.push(node_groups);
    }
    for (n, node) in tree.nodes.iter().enumerate() {
        let Some(id) = ids[n] else { continue };
        // `/Type /StructElem` is optional and left out: a document has
        // thousands of elements, and each entry costs.
        let mut element = Dictionary::new();
        element.set("S", Object::Name(node.role.name().as_bytes().to_vec()));
        let parent = group_of[n]
            .or_else(|| node.parent.and_then(|p| ids[p as usize]))
            .unwrap_or(root_id);
        element.set("P", Object::Reference(parent));
        // The element's page: that of its first content.
        let home = kids[n].iter().find_map(|kid| match kid {
            Kid::Content(page, _) | Kid::Annotation(page, _) => Some(*page),
            Kid::Element(_) => None,
        });
        if let Some(page) = home {
            element.set("Pg", Object::Reference(page_ids[page]));
        }
        if let Some(alt) = &node.alt {
            element.set("Alt", super::write::text_string(alt));
        }
        for (group, chunk) in &groups[n] {
            let k: Vec<Object> = chunk
                .iter()
                .filter_map(|kid| match *kid {
                    Kid::Element(child) => Some(Object::Reference(ids[child].unwrap_or(root_id))),
                    _ => None,
                })
                .collect();
            let element = Dictionary::from_iter([
                ("S", Object::Name(group_role(node.role).as_bytes().to_vec())),
                ("P", Object::Reference(id)),
                ("K", Object::Array(k)),
            ]);
            written.put(*group, &Object::Dictionary(element));
        }
        if !groups[n].is_empty() {
            let k = groups[n].iter().map(|(group, _)| Object::Reference(*group));
            element.set("K", k.collect::<Vec<Object>>());
            written.put(id, &Object::Dictionary(element));
            continue;
        }
        let mut k: Vec<Object> = kids[n]
            .iter()
            .map(|kid| match *kid {
                Kid::Element(child) => Object::Reference(ids[child].unwrap_or(root_id)),
                Kid::Content(page, mcid) if Some(page) == home => Object::Integer(mcid.into()),
                Kid::Content(page, mcid) => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page_ids[page])),
                    ("MCID", Object::Integer(mcid.into())),
                ])),
                Kid::Annotation(page, annotation) => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Pg", Object::Reference(page_ids[page])),
                    ("Obj", Object::Reference(annotation)),
                ])),
            })
            .collect();
        // A lone kid needs no array.
        match k.len() {
            1 => element.set("K", k.pop().unwrap_or(Object::Null)),
            _ => element.set("K", k),
        }
        written.put(id, &Object::Dictionary(element));
    }

    let element = |node: NodeId| Object::Reference(ids[node as usize].unwrap_or(root_id));
    // The parent tree: per page, the element of each id; then one per
    // annotation. Written as it goes: a long document has a million ids.
    let tree_keys = page_count + annotation_owners.len();
    let nums = |out: &mut Vec<u8>, range: Range<usize>| {
        out.extend_from_slice(b"/Nums [");
        for key in range {
            write_object(out, &Object::Integer(key as i64));
            match pages.get(key) {
                Some(page) => {
                    out.extend_from_slice(b" [");
                    for (i, &node) in page.owners.iter().enumerate() {
                        if i > 0 {
                            out.push(b' ');
                        }
                        write_object(out, &element(node));
                    }
                    out.extend_from_slice(b"] ");
                }
                None => {
                    out.push(b' ');
                    write_object(out, &element(annotation_owners[key - page_count]));
                    out.push(b' ');
                }
            }
        }
        out.push(b']');
    };
    let parent_tree = pdf.new_object_id();
    if tree_keys <= KEYS_PER_LEAF {
        written.put_with(parent_tree, |out| {
            out.extend_from_slice(b"<<");
            nums(out, 0..tree_keys);
            out.extend_from_slice(b">>");
        });
    } else {
        // A number tree: a long document has more keys than one array
        // may hold (see `MOST_ARRAY_ITEMS`).
        let mut nodes: Vec<(ObjectId, usize, usize)> = Vec::new();
        for first in (0..tree_keys).step_by(KEYS_PER_LEAF) {
            let last = (first + KEYS_PER_LEAF).min(tree_keys) - 1;
            let leaf = pdf.new_object_id();
            written.put_with(leaf, |out| {
                out.extend_from_slice(format!("<</Limits [{first} {last}] ").as_bytes());
                nums(out, first..last + 1);
                out.extend_from_slice(b">>");
            });
            nodes.push((leaf, first, last));
        }
        while nodes.len() > MOST_KIDS {
            nodes = nodes
                .chunks(MOST_KIDS)
                .map(|kids| {
                    let (first, last) = (kids[0].1, kids[kids.len() - 1].2);
                    let node = pdf.new_object_id();
                    written.put_with(node, |out| {
                        out.extend_from_slice(b"<</Kids ");
                        let refs = kids.iter().map(|k| Object::Reference(k.0)).collect();
                        write_object(out, &Object::Array(refs));
                        out.extend_from_slice(format!(" /Limits [{first} {last}]>>").as_bytes());
                    });
                    (node, first, last)
                })
                .collect();
        }
        let kids = nodes.iter().map(|k| Object::Reference(k.0)).collect();
        written.put(
            parent_tree,
            &Object::Dictionary(Dictionary::from_iter([("Kids", Object::Array(kids))])),
        );
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", element(ROOT));
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set(
        "ParentTreeNextKey",
        (page_count + annotation_owners.len()) as i64,
    );
    written.put(root_id, &Object::Dictionary(root));

    let dict = pdf.catalog_mut().context("the PDF has no catalog")?;
    dict.set("StructTreeRoot", Object::Reference(root_id));
    dict.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(true))]),
    );
    dict.set("Lang", super::write::text_string(catalog.lang));
    dict.set(
        "ViewerPreferences",
        Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
    );
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_with_more_kids_than_an_array_may_hold_gets_them_in_parts() {
        let mut tree = Tree::new();
        let sections = MOST_KIDS + 1;
        let paragraphs: Vec<NodeId> = (0..sections)
            .map(|_| {
                let section = tree.add(Role::Sect, ROOT);
                tree.add(Role::P, section)
            })
            .collect();
        let record = PageRecord {
            owners: paragraphs,
            events: (0..sections as u32).map(Event::Content).collect(),
        };
        let mut pdf = lopdf::Document::with_version("1.4");
        let catalog = pdf.add_object(Dictionary::from_iter([(
            "Type",
            Object::Name(b"Catalog".to_vec()),
        )]));
        pdf.trailer.set("Root", Object::Reference(catalog));
        let page = pdf.new_object_id();
        let mut written = Written::file("1.4", 1 << 20);
        let lang = Catalog { lang: "en" };
        write(
            &mut pdf,
            &tree,
            &[record],
            &[page],
            &[Vec::new()],
            &lang,
            &mut written,
        )
        .unwrap();
        let text =
            String::from_utf8_lossy(&super::super::objects::save(&mut pdf, written)).into_owned();
        // The document holds two parts, and no element more kids than a part.
        assert_eq!(text.matches("/Part").count(), 2);
        for array in text.split("/K [").skip(1) {
            let items = array[..array.find(']').unwrap()].matches(" R").count();
            assert!(items <= MOST_KIDS, "an element with {items} kids");
        }
    }

    #[test]
    fn heading_levels_past_six_stay_h6() {
        assert_eq!(Role::H(9).name(), "H6");
        assert_eq!(Role::H(0).name(), "H1");
        assert_eq!(Role::H(2).name(), "H2");
    }
}
