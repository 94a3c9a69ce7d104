//! Placement trees: where binary and matrix plans put each new member.
//!
//! A binary or matrix plan pays on a second tree besides the sponsor tree: the
//! *placement* tree, in which every position has a fixed number of slots (two legs, left
//! and right, in a binary; `width` frontline slots in a matrix). A member is placed once,
//! when the plan first sees it, somewhere in the subtree of its **sponsor** (its roll-up
//! upline at joining; a member without one starts a tree of its own). Because positions
//! are scarce, a sponsor's recruits *spill over* into the sponsor's downline, so a
//! member can be placed under someone who did not recruit them: the "spillover" that
//! plan presentations promise to newcomers. Positions are permanent: when a member quits,
//! its position stays in the tree and keeps passing its downline's volume up.
//!
//! The rules ([`Rule`]), each from the sponsor `s`:
//!
//! - [`Rule::WeakLeg`] (binary `placement = "weak_leg"`): the leg of `s` (left or right
//!   child subtree) with fewer members, ties left; if that side of `s` is free, there;
//!   otherwise at the bottom of that leg's *outside edge* (the left leg: keep going left;
//!   the right leg: keep going right).
//! - [`Rule::Left`] (binary `"left"`): a free side of `s`, left first; once both are
//!   taken, the bottom of the left outside edge of `s` (every further recruit builds the
//!   left "power leg", and the sponsor's right leg grows only from its own recruit).
//! - [`Rule::Bfs`] (binary `"bfs"`, matrix `spillover = "bfs"`): the first free slot in
//!   breadth-first order in the subtree of `s` (level by level; within a level, in slot
//!   order: left before right, frontline slots in order).
//! - [`Rule::FrontlineWeakLeg`] (matrix `spillover = "weak_leg"`): a free frontline slot
//!   of `s`; otherwise the first free breadth-first slot in the subtree of the frontline
//!   child of `s` with the fewest members (ties: earliest).
//!
//! A placement given from outside ([`super::Placement`]: the `placement` and `side`
//! columns of `downline payout`) names the parent and, in a binary, optionally the side.
//! If that slot is free the member goes there; with no side, the first free slot of the
//! parent (left before right). If the named side is taken, the member goes to the bottom
//! of that leg's outside edge; if the parent has no free slot, the plan's rule places
//! the member from the parent as if it were the sponsor. A given parent that is not yet
//! placed (or not an earlier member) is ignored.
//!
//! Everything is keyed by stable member id (join order over the whole organisation), so
//! the tree survives members leaving and the simulation compacting its arrays, and a
//! parent always has a smaller id than its children. No recursion, and no scan of a
//! subtree per join:
//!
//! - *outside edges*: `edge[side][v]` points further down `v`'s outside edge on `side`
//!   (to `v` itself when that slot is free); finding the bottom follows the pointers and
//!   compresses the path, as in a union-find: amortised O(log n) per join;
//! - *breadth-first*: `free_depth[v]` is the depth of the shallowest node with a free
//!   slot in `v`'s subtree; the first free slot is found by walking down from the
//!   sponsor to the earliest child with the same `free_depth` (O(width) per level, and a
//!   breadth-first-filled subtree of `m` members is about log_width(m) levels deep);
//!   after a join, `free_depth` is updated up the ancestors and the update stops at the
//!   first ancestor whose value does not change (values only grow);
//! - *subtree sizes* (weak-leg rules only): an Euler tour of the forest kept in a treap
//!   (a randomised balanced tree with deterministic priorities) in which each member has
//!   an opening and a closing token; a member's subtree size is the number of opening
//!   tokens between its two tokens, so inserting a member and reading a size are both
//!   O(log n) expected, however deep or lopsided the tree grows (one sponsor with a
//!   million recruits makes a binary outside edge half a million deep). It is the
//!   costliest part (about 3 microseconds per join on a million members, paid once in a
//!   member's life), and only the weak-leg rules keep it; the binary rule reads sizes
//!   only when both of the sponsor's legs are taken.
//!
//! A one-slot matrix (`width = 1`) is a chain; its breadth-first slot is the bottom of
//! the chain, found with the outside-edge pointers.

use super::bonus::Context;
use super::types::{NONE, PeriodInput, Placement, Side};

/// An id the tree has not placed (yet): not a member, or not seen so far.
const UNPLACED: u32 = u32::MAX - 1;

/// How a new member's position is chosen from its sponsor (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Binary: the smaller leg, at the bottom of its outside edge.
    WeakLeg,
    /// Binary: the bottom of the left outside edge.
    Left,
    /// The first free slot in breadth-first order.
    Bfs,
    /// Matrix: a free frontline slot, else breadth-first in the smallest frontline subtree.
    FrontlineWeakLeg,
}

/// One position, by stable id. The fields live together so that visiting a position
/// touches one cache line.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// Placement parent, [`NONE`] for a root, [`UNPLACED`] for an id not placed.
    parent: u32,
    /// The slot occupied under the parent (0 = left in a binary).
    slot: u32,
    /// Children, as a linked list in no particular order (the slot says where).
    first_child: u32,
    next_sibling: u32,
    children: u32,
    /// Distance from the root of the member's tree.
    depth: u32,
    /// Depth of the shallowest node with a free slot in the subtree (kept by the
    /// breadth-first rules when there are two slots or more).
    free_depth: u32,
    /// Outside-edge pointers for slots 0 and 1 (kept when there are at most two slots).
    edge: [u32; 2],
}

const EMPTY: Node = Node {
    parent: UNPLACED,
    slot: 0,
    first_child: NONE,
    next_sibling: NONE,
    children: 0,
    depth: 0,
    free_depth: 0,
    edge: [NONE, NONE],
};

/// A placement tree (a forest: every member without a sponsor is a root), by stable id.
#[derive(Clone, Debug)]
pub struct PlacementTree {
    /// Slots per position: 2 for a binary, `width` for a matrix.
    arity: u32,
    /// A binary tree: slots 0 (left) and 1 (right) may fill in any order. In a matrix,
    /// slots always fill in order, so a node's next free slot is its number of children.
    binary: bool,
    rule: Rule,
    nodes: Vec<Node>,
    /// Subtree sizes (weak-leg rules).
    sizes: Option<EulerTour>,
}

impl PlacementTree {
    /// An empty tree with `arity` slots per position (`binary`: two slots that may fill
    /// in any order), placing by `rule`.
    pub fn new(arity: u32, binary: bool, rule: Rule) -> Self {
        debug_assert!(arity >= 1 && (!binary || arity == 2));
        let weak = matches!(rule, Rule::WeakLeg | Rule::FrontlineWeakLeg);
        Self {
            arity,
            binary,
            rule,
            nodes: Vec::new(),
            sizes: weak.then(EulerTour::default),
        }
    }

    /// A binary tree placing by `rule`.
    pub fn binary(rule: Rule) -> Self {
        Self::new(2, true, rule)
    }

    /// A matrix of `width` slots per position placing by `rule`.
    pub fn matrix(width: u32, rule: Rule) -> Self {
        Self::new(width, false, rule)
    }

    /// One more than the largest id the tree has room for (placed or not).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has room for no id at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether `id` has a position.
    pub fn is_placed(&self, id: u32) -> bool {
        self.nodes
            .get(id as usize)
            .is_some_and(|n| n.parent != UNPLACED)
    }

    /// The placement parent of `id`, or [`NONE`] for a root or an id not placed.
    pub fn parent(&self, id: u32) -> u32 {
        match self.nodes.get(id as usize) {
            Some(n) if n.parent != UNPLACED => n.parent,
            _ => NONE,
        }
    }

    /// The child of `id` in `slot`, or [`NONE`].
    pub fn child(&self, id: u32, slot: u32) -> u32 {
        let mut c = self.nodes[id as usize].first_child;
        while c != NONE {
            let node = &self.nodes[c as usize];
            if node.slot == slot {
                return c;
            }
            c = node.next_sibling;
        }
        NONE
    }

    /// The slot `id` occupies under its parent.
    pub fn slot(&self, id: u32) -> u32 {
        self.nodes[id as usize].slot
    }

    /// Number of members in the subtree of `id` (itself included); 0 for [`NONE`].
    /// Kept only by the weak-leg rules; others count by walking the subtree.
    pub fn size(&self, id: u32) -> u32 {
        if id == NONE {
            return 0;
        }
        match &self.sizes {
            Some(tour) => tour.size(id),
            None => self.count_subtree(id),
        }
    }

    /// Places every member of this period that the tree has not seen, in join order:
    /// from its given placement if any, otherwise from its sponsor (roll-up upline).
    pub fn place_new_members(&mut self, ctx: &Context) {
        self.place_each(ctx.upline, |k| ctx.id_of(k), |k| ctx.placement_of(k));
    }

    /// [`Self::place_new_members`] from a period's input, before any bonus is paid (the
    /// period state measures binary legs for ranks with it).
    pub fn place_new_members_of(&mut self, input: &PeriodInput) {
        self.place_each(input.upline, |k| input.id_of(k), |k| input.placement_of(k));
    }

    fn place_each(
        &mut self,
        upline: &[u32],
        id_of: impl Fn(usize) -> u32,
        placement_of: impl Fn(usize) -> Option<Placement>,
    ) {
        for (k, &up) in upline.iter().enumerate() {
            let id = id_of(k);
            if self.is_placed(id) {
                continue;
            }
            let sponsor = match up {
                NONE => NONE,
                up => id_of(up as usize),
            };
            self.place(id, sponsor, placement_of(k));
        }
    }

    /// Places `id` (not placed yet) from `sponsor` (a placed id with a smaller id, or
    /// [`NONE`]) or from a given placement.
    pub fn place(&mut self, id: u32, sponsor: u32, given: Option<Placement>) {
        self.grow(id as usize + 1);
        debug_assert!(!self.is_placed(id), "member {id} placed twice");
        let usable = |p: u32| p < id && self.is_placed(p);
        let (parent, slot) = match given {
            Some(given) if usable(given.parent) => self.given_slot(given),
            _ if sponsor != NONE && usable(sponsor) => self.rule_slot(sponsor),
            _ => (NONE, 0),
        };
        self.attach(id, parent, slot);
    }

    /// Where a given placement puts a member.
    fn given_slot(&mut self, given: Placement) -> (u32, u32) {
        let p = given.parent;
        let side = if self.binary { given.side } else { None };
        match side {
            Some(side) => {
                let s = side_slot(side);
                match self.child(p, s) {
                    NONE => (p, s),
                    c => (self.edge_bottom(c, s), s),
                }
            }
            None if self.nodes[p as usize].children < self.arity => (p, self.first_free_slot(p)),
            None => self.rule_slot(p),
        }
    }

    /// Where the rule puts a recruit of `sponsor`.
    fn rule_slot(&mut self, s: u32) -> (u32, u32) {
        match self.rule {
            Rule::WeakLeg => {
                let left = self.child(s, 0);
                let right = self.child(s, 1);
                // Sizes are read only when both legs are taken: an empty leg is smaller.
                let side = match (left, right) {
                    (NONE, _) => 0,
                    (_, NONE) => 1,
                    _ => u32::from(self.size(left) > self.size(right)),
                };
                match if side == 0 { left } else { right } {
                    NONE => (s, side),
                    c => (self.edge_bottom(c, side), side),
                }
            }
            Rule::Left => match (self.child(s, 0), self.child(s, 1)) {
                (NONE, _) => (s, 0),
                (_, NONE) => (s, 1),
                _ => (self.edge_bottom(s, 0), 0),
            },
            Rule::Bfs => self.breadth_first(s),
            Rule::FrontlineWeakLeg => {
                if self.nodes[s as usize].children < self.arity {
                    return (s, self.first_free_slot(s));
                }
                let mut best = NONE;
                let mut best_key = (u32::MAX, u32::MAX);
                let mut c = self.nodes[s as usize].first_child;
                while c != NONE {
                    let key = (self.size(c), self.nodes[c as usize].slot);
                    if key < best_key {
                        best_key = key;
                        best = c;
                    }
                    c = self.nodes[c as usize].next_sibling;
                }
                self.breadth_first(best)
            }
        }
    }

    /// The first free slot in breadth-first order in the subtree of `s`.
    fn breadth_first(&mut self, s: u32) -> (u32, u32) {
        if self.arity == 1 {
            return (self.edge_bottom(s, 0), 0);
        }
        let target = self.nodes[s as usize].free_depth;
        let mut v = s;
        while self.nodes[v as usize].depth < target {
            // The earliest child whose subtree has a free slot at the target depth.
            let mut best = NONE;
            let mut best_slot = u32::MAX;
            let mut c = self.nodes[v as usize].first_child;
            while c != NONE {
                let node = &self.nodes[c as usize];
                if node.free_depth == target && node.slot < best_slot {
                    best_slot = node.slot;
                    best = c;
                }
                c = node.next_sibling;
            }
            debug_assert!(best != NONE, "free_depth out of date");
            v = best;
        }
        (v, self.first_free_slot(v))
    }

    /// The lowest free slot of `v` (which has one).
    fn first_free_slot(&self, v: u32) -> u32 {
        if self.binary {
            u32::from(self.child(v, 0) != NONE)
        } else {
            self.nodes[v as usize].children
        }
    }

    /// The bottom of the outside edge on `side` (0 or 1) starting at `v`: the first
    /// node, following `side` children from `v`, whose `side` slot is free. The pointers
    /// on the way are redirected to the bottom (path compression).
    fn edge_bottom(&mut self, v: u32, side: u32) -> u32 {
        let side = side as usize;
        let mut bottom = v;
        loop {
            let next = self.nodes[bottom as usize].edge[side];
            if next == bottom {
                break;
            }
            bottom = next;
        }
        let mut x = v;
        while x != bottom {
            let next = self.nodes[x as usize].edge[side];
            self.nodes[x as usize].edge[side] = bottom;
            x = next;
        }
        bottom
    }

    /// Room for ids below `len`.
    fn grow(&mut self, len: usize) {
        if len <= self.nodes.len() {
            return;
        }
        self.nodes.resize(len, EMPTY);
        if let Some(tour) = &mut self.sizes {
            tour.grow(len);
        }
    }

    fn keeps_free_depth(&self) -> bool {
        self.arity >= 2 && matches!(self.rule, Rule::Bfs | Rule::FrontlineWeakLeg)
    }

    /// Puts `id` in `slot` under `parent` (free), or makes it a root.
    fn attach(&mut self, id: u32, parent: u32, slot: u32) {
        let i = id as usize;
        let depth = if parent == NONE {
            0
        } else {
            self.nodes[parent as usize].depth + 1
        };
        self.nodes[i] = Node {
            parent,
            slot,
            depth,
            free_depth: depth,
            edge: [id, id],
            ..EMPTY
        };
        if parent == NONE {
            if let Some(tour) = &mut self.sizes {
                tour.add_root(id);
            }
            return;
        }
        debug_assert!(slot < self.arity && self.child(parent, slot) == NONE);
        self.nodes[i].next_sibling = self.nodes[parent as usize].first_child;
        let p = &mut self.nodes[parent as usize];
        p.first_child = id;
        p.children += 1;
        if slot < 2 {
            p.edge[slot as usize] = id;
        }
        if self.keeps_free_depth() {
            self.raise_free_depth(parent);
        }
        if let Some(tour) = &mut self.sizes {
            tour.add_leaf(id, parent);
        }
    }

    /// Recomputes `free_depth` from `v` up, stopping at the first ancestor whose value
    /// does not change.
    fn raise_free_depth(&mut self, mut v: u32) {
        while v != NONE {
            let node = self.nodes[v as usize];
            let shallowest = if node.children < self.arity {
                node.depth
            } else {
                let mut min = u32::MAX;
                let mut c = node.first_child;
                while c != NONE {
                    let child = &self.nodes[c as usize];
                    min = min.min(child.free_depth);
                    c = child.next_sibling;
                }
                min
            };
            if shallowest == node.free_depth {
                return;
            }
            self.nodes[v as usize].free_depth = shallowest;
            v = node.parent;
        }
    }

    /// Members in the subtree of `id`, by walking it (for trees that keep no sizes).
    fn count_subtree(&self, id: u32) -> u32 {
        let mut count = 0;
        self.walk_from(id, |_, enter| count += u32::from(enter));
        count
    }

    /// Visits every placed member depth-first, roots in id order: `visit(v, true)` on
    /// entering `v` (before its subtree), `visit(v, false)` on leaving it. Iterative,
    /// O(ids).
    pub fn depth_first(&self, mut visit: impl FnMut(u32, bool)) {
        for (root, node) in self.nodes.iter().enumerate() {
            if node.parent == NONE {
                self.walk_from(root as u32, &mut visit);
            }
        }
    }

    /// Depth-first visit of the subtree of `root`, following parent pointers back up.
    fn walk_from(&self, root: u32, mut visit: impl FnMut(u32, bool)) {
        let mut v = root;
        loop {
            visit(v, true);
            let first = self.nodes[v as usize].first_child;
            if first != NONE {
                v = first;
                continue;
            }
            loop {
                visit(v, false);
                if v == root {
                    return;
                }
                let node = &self.nodes[v as usize];
                if node.next_sibling != NONE {
                    v = node.next_sibling;
                    break;
                }
                v = node.parent;
            }
        }
    }

    /// (parent, slot) by id, parent [`NONE`] for roots and for ids not placed; a
    /// parent's id is always smaller than its child's, so subtree totals are one
    /// reverse pass.
    pub fn parents(&self) -> impl DoubleEndedIterator<Item = (u32, u32)> + ExactSizeIterator + '_ {
        self.nodes.iter().map(|n| {
            let parent = if n.parent == UNPLACED { NONE } else { n.parent };
            (parent, n.slot)
        })
    }
}

/// The slot of a binary side.
pub fn side_slot(side: Side) -> u32 {
    match side {
        Side::Left => 0,
        Side::Right => 1,
    }
}

/// "No token" in the Euler tour.
const NIL: u32 = u32::MAX;

/// One treap node (a token of the tour): children, parent, opening tokens below.
#[derive(Clone, Copy, Debug)]
struct Token {
    left: u32,
    right: u32,
    up: u32,
    count: u32,
}

const LONE: Token = Token {
    left: NIL,
    right: NIL,
    up: NIL,
    count: 0,
};

/// Subtree sizes under leaf insertions: the Euler tour of the forest (member `v` has an
/// opening token `2v` and a closing token `2v + 1`, and its subtree is the stretch
/// between them) kept in a treap ordered by tour position, each treap node counting the
/// opening tokens below it. Priorities are a hash of the token, so the shape, like
/// everything else, depends only on the input.
#[derive(Clone, Debug)]
struct EulerTour {
    tokens: Vec<Token>,
    root: u32,
}

impl Default for EulerTour {
    fn default() -> Self {
        Self {
            tokens: Vec::new(),
            root: NIL,
        }
    }
}

impl EulerTour {
    fn grow(&mut self, members: usize) {
        self.tokens.resize(2 * members, LONE);
    }

    fn opening(token: u32) -> u32 {
        u32::from(token & 1 == 0)
    }

    fn priority(token: u32) -> u32 {
        // The murmur3 finaliser: a fixed, well-mixed permutation of u32.
        let mut x = token.wrapping_add(0x9E37_79B9);
        x ^= x >> 16;
        x = x.wrapping_mul(0x85EB_CA6B);
        x ^= x >> 13;
        x = x.wrapping_mul(0xC2B2_AE35);
        x ^ (x >> 16)
    }

    fn count_of(&self, token: u32) -> u32 {
        if token == NIL {
            0
        } else {
            self.tokens[token as usize].count
        }
    }

    /// A new tree: its tokens go at the end of the tour.
    fn add_root(&mut self, v: u32) {
        let open = 2 * v;
        if self.root == NIL {
            self.root = open;
        } else {
            let mut last = self.root;
            while self.tokens[last as usize].right != NIL {
                last = self.tokens[last as usize].right;
            }
            self.tokens[last as usize].right = open;
            self.tokens[open as usize].up = last;
        }
        self.add_pair(v);
    }

    /// A new leaf `v` under `parent`: its tokens go just before the parent's closing one.
    fn add_leaf(&mut self, v: u32, parent: u32) {
        let open = 2 * v;
        let close = 2 * parent + 1;
        let left = self.tokens[close as usize].left;
        if left == NIL {
            self.tokens[close as usize].left = open;
            self.tokens[open as usize].up = close;
        } else {
            let mut z = left;
            while self.tokens[z as usize].right != NIL {
                z = self.tokens[z as usize].right;
            }
            self.tokens[z as usize].right = open;
            self.tokens[open as usize].up = z;
        }
        self.add_pair(v);
    }

    /// With `v`'s opening token linked as a leaf, hangs the closing token right after
    /// it (as its right child), counts the new opening token on its ancestors, and
    /// rotates both tokens up to their places in the heap order of priorities.
    fn add_pair(&mut self, v: u32) {
        let (open, close) = (2 * v, 2 * v + 1);
        self.tokens[open as usize].right = close;
        self.tokens[open as usize].count = 1;
        self.tokens[close as usize] = Token { up: open, ..LONE };
        let mut a = self.tokens[open as usize].up;
        while a != NIL {
            self.tokens[a as usize].count += 1;
            a = self.tokens[a as usize].up;
        }
        for token in [close, open] {
            let p = Self::priority(token);
            loop {
                let up = self.tokens[token as usize].up;
                if up == NIL || p <= Self::priority(up) {
                    break;
                }
                self.rotate_up(token);
            }
        }
    }

    fn rotate_up(&mut self, x: u32) {
        let xi = x as usize;
        let p = self.tokens[xi].up;
        let pi = p as usize;
        let g = self.tokens[pi].up;
        if self.tokens[pi].left == x {
            let b = self.tokens[xi].right;
            self.tokens[pi].left = b;
            if b != NIL {
                self.tokens[b as usize].up = p;
            }
            self.tokens[xi].right = p;
        } else {
            let b = self.tokens[xi].left;
            self.tokens[pi].right = b;
            if b != NIL {
                self.tokens[b as usize].up = p;
            }
            self.tokens[xi].left = p;
        }
        self.tokens[pi].up = x;
        self.tokens[xi].up = g;
        if g == NIL {
            self.root = x;
        } else if self.tokens[g as usize].left == p {
            self.tokens[g as usize].left = x;
        } else {
            self.tokens[g as usize].right = x;
        }
        let (pl, pr) = (self.tokens[pi].left, self.tokens[pi].right);
        self.tokens[pi].count = self.count_of(pl) + self.count_of(pr) + Self::opening(p);
        let (xl, xr) = (self.tokens[xi].left, self.tokens[xi].right);
        self.tokens[xi].count = self.count_of(xl) + self.count_of(xr) + Self::opening(x);
    }

    /// Opening tokens at or before `token` in the tour.
    fn prefix(&self, token: u32) -> u32 {
        let mut sum = self.count_of(self.tokens[token as usize].left) + Self::opening(token);
        let mut x = token;
        loop {
            let p = self.tokens[x as usize].up;
            if p == NIL {
                return sum;
            }
            let parent = &self.tokens[p as usize];
            if parent.right == x {
                sum += self.count_of(parent.left) + Self::opening(p);
            }
            x = p;
        }
    }

    /// Members in the subtree of `v`, itself included.
    fn size(&self, v: u32) -> u32 {
        self.prefix(2 * v + 1) - self.prefix(2 * v) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definitions, by brute force over an explicit tree.
    #[derive(Default)]
    struct Naive {
        arity: u32,
        binary: bool,
        parent: Vec<u32>,
        slot: Vec<u32>,
    }

    impl Naive {
        fn child(&self, v: u32, slot: u32) -> u32 {
            (0..self.parent.len() as u32)
                .find(|&c| self.parent[c as usize] == v && self.slot[c as usize] == slot)
                .unwrap_or(NONE)
        }

        fn children(&self, v: u32) -> Vec<u32> {
            let mut out: Vec<u32> = (0..self.parent.len() as u32)
                .filter(|&c| self.parent[c as usize] == v)
                .collect();
            out.sort_by_key(|&c| self.slot[c as usize]);
            out
        }

        fn free_slot(&self, v: u32) -> Option<u32> {
            (0..self.arity).find(|&s| self.child(v, s) == NONE)
        }

        fn size(&self, v: u32) -> u32 {
            if v == NONE {
                return 0;
            }
            1 + self.children(v).iter().map(|&c| self.size(c)).sum::<u32>()
        }

        fn edge_bottom(&self, mut v: u32, side: u32) -> u32 {
            loop {
                match self.child(v, side) {
                    NONE => return v,
                    c => v = c,
                }
            }
        }

        fn bfs(&self, s: u32) -> (u32, u32) {
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                if let Some(slot) = self.free_slot(v) {
                    return (v, slot);
                }
                queue.extend(self.children(v));
            }
            unreachable!("a subtree always has a free slot")
        }

        fn rule(&self, rule: Rule, s: u32) -> (u32, u32) {
            match rule {
                Rule::WeakLeg => {
                    let (l, r) = (self.child(s, 0), self.child(s, 1));
                    let side = u32::from(self.size(l) > self.size(r));
                    match self.child(s, side) {
                        NONE => (s, side),
                        c => (self.edge_bottom(c, side), side),
                    }
                }
                Rule::Left => match self.free_slot(s) {
                    Some(slot) => (s, slot),
                    None => (self.edge_bottom(s, 0), 0),
                },
                Rule::Bfs => self.bfs(s),
                Rule::FrontlineWeakLeg => match self.free_slot(s) {
                    Some(slot) => (s, slot),
                    None => {
                        let c = *self
                            .children(s)
                            .iter()
                            .min_by_key(|&&c| (self.size(c), self.slot[c as usize]))
                            .unwrap();
                        self.bfs(c)
                    }
                },
            }
        }

        fn place(&mut self, rule: Rule, sponsor: u32, given: Option<Placement>) {
            let (parent, slot) = match given {
                Some(g) => match (self.binary, g.side) {
                    (true, Some(side)) => {
                        let s = side_slot(side);
                        match self.child(g.parent, s) {
                            NONE => (g.parent, s),
                            c => (self.edge_bottom(c, s), s),
                        }
                    }
                    _ => match self.free_slot(g.parent) {
                        Some(slot) => (g.parent, slot),
                        None => self.rule(rule, g.parent),
                    },
                },
                None if sponsor == NONE => (NONE, 0),
                None => self.rule(rule, sponsor),
            };
            self.parent.push(parent);
            self.slot.push(slot);
        }
    }

    fn tree_for(arity: u32, binary: bool, rule: Rule) -> PlacementTree {
        PlacementTree::new(arity, binary, rule)
    }

    /// One join: sponsor choice, 0 for a root, and a given placement (parent, side).
    type Join = (prop::sample::Index, u8, Option<(prop::sample::Index, u8)>);

    fn joins() -> impl Strategy<Value = Vec<Join>> {
        proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                0u8..20,
                proptest::option::weighted(0.15, (any::<prop::sample::Index>(), 0u8..3)),
            ),
            1..120,
        )
    }

    fn check(arity: u32, binary: bool, rule: Rule, joins: &[Join]) -> Result<(), TestCaseError> {
        let mut fast = tree_for(arity, binary, rule);
        let mut naive = Naive {
            arity,
            binary,
            ..Naive::default()
        };
        for (i, (sponsor, root, given)) in joins.iter().enumerate() {
            let id = i as u32;
            let sponsor = if i == 0 || *root == 0 {
                NONE
            } else {
                sponsor.index(i) as u32
            };
            let given = given.as_ref().filter(|_| i > 0).map(|(p, side)| Placement {
                parent: p.index(i) as u32,
                side: match side {
                    0 => Some(Side::Left),
                    1 => Some(Side::Right),
                    _ => None,
                },
            });
            fast.place(id, sponsor, given);
            naive.place(rule, sponsor, given);
            prop_assert_eq!(fast.parent(id), naive.parent[i], "parent of {}", id);
            if naive.parent[i] != NONE {
                prop_assert_eq!(fast.slot(id), naive.slot[i], "slot of {}", id);
            }
        }
        for v in 0..joins.len() as u32 {
            prop_assert_eq!(fast.size(v), naive.size(v));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn every_rule_places_where_the_brute_force_definition_does(
            joins in joins(),
            case in 0usize..7,
        ) {
            let (arity, binary, rule) = [
                (2, true, Rule::WeakLeg),
                (2, true, Rule::Left),
                (2, true, Rule::Bfs),
                (3, false, Rule::Bfs),
                (1, false, Rule::Bfs),
                (3, false, Rule::FrontlineWeakLeg),
                (2, false, Rule::FrontlineWeakLeg),
            ][case];
            check(arity, binary, rule, &joins)?;
        }
    }

    #[test]
    fn m1_weak_leg_spills_the_fourth_and_fifth_recruit_under_different_frontline_members() {
        let mut tree = PlacementTree::matrix(3, Rule::FrontlineWeakLeg);
        tree.place(0, NONE, None);
        for id in 1..=5 {
            tree.place(id, 0, None);
        }
        let parents: Vec<u32> = (0..6).map(|id| tree.parent(id)).collect();
        assert_eq!(parents, [NONE, 0, 0, 0, 1, 2]);
        let mut tree = PlacementTree::matrix(3, Rule::Bfs);
        tree.place(0, NONE, None);
        for id in 1..=5 {
            tree.place(id, 0, None);
        }
        let parents: Vec<u32> = (0..6).map(|id| tree.parent(id)).collect();
        assert_eq!(parents, [NONE, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn weak_leg_alternates_a_single_sponsor_s_recruits_down_both_outside_edges() {
        // S recruits 1..6: 1 left, 2 right, 3 under 1 (left edge), 4 under 2 (right
        // edge), 5 under 3, 6 under 4.
        let mut tree = PlacementTree::binary(Rule::WeakLeg);
        tree.place(0, NONE, None);
        for id in 1..=6 {
            tree.place(id, 0, None);
        }
        let placed: Vec<(u32, u32)> = (1..=6).map(|id| (tree.parent(id), tree.slot(id))).collect();
        assert_eq!(placed, [(0, 0), (0, 1), (1, 0), (2, 1), (3, 0), (4, 1)]);
        assert_eq!(tree.size(0), 7);
        assert_eq!(tree.size(1), 3);
    }

    #[test]
    fn a_deep_lopsided_tree_places_in_about_linear_time() {
        // One sponsor with 300,000 recruits: both outside edges 150,000 deep. Sizes by
        // ancestor updates would take 2 x 10^10 steps; the Euler tour takes log n.
        let n = 300_000;
        let mut tree = PlacementTree::binary(Rule::WeakLeg);
        tree.place(0, NONE, None);
        for id in 1..n {
            tree.place(id, 0, None);
        }
        assert_eq!(tree.size(tree.child(0, 0)), (n - 1) / 2 + (n - 1) % 2);
        let mut chain = PlacementTree::matrix(1, Rule::Bfs);
        chain.place(0, NONE, None);
        for id in 1..n {
            chain.place(id, 0, None);
        }
        assert_eq!(chain.parent(n - 1), n - 2);
    }

    #[test]
    fn depth_first_enters_every_member_before_its_subtree_and_leaves_after() {
        let mut tree = PlacementTree::matrix(2, Rule::Bfs);
        tree.place(0, NONE, None);
        for id in 1..6 {
            tree.place(id, 0, None);
        }
        tree.place(6, NONE, None);
        let mut events = Vec::new();
        tree.depth_first(|v, enter| events.push((v, enter)));
        assert_eq!(events.len(), 14);
        let entered = |v: u32| events.iter().position(|&e| e == (v, true)).unwrap();
        let left = |v: u32| events.iter().position(|&e| e == (v, false)).unwrap();
        for v in 1..6 {
            let p = tree.parent(v);
            assert!(entered(p) < entered(v) && left(v) < left(p));
        }
        assert!(left(0) < entered(6));
    }
}

/// Test support shared by the placement-tree kinds: random organisations over several
/// periods, paid the way `downline payout` passes them (everyone who has joined, with
/// `present` flags, id = position) and the way the simulation does (only the members in
/// the business, with their stable ids).
#[cfg(test)]
pub(crate) mod testing {
    use crate::plan::{NONE, PeriodInput, PeriodTotals, Plan, tree};
    use proptest::prelude::*;

    /// Members in join order: sponsor (or [`NONE`]), the period of joining and of
    /// quitting (`u32::MAX`: never), and pv per period.
    #[derive(Clone, Debug)]
    pub struct History {
        pub periods: u32,
        pub sponsor: Vec<u32>,
        pub joined: Vec<u32>,
        pub quit: Vec<u32>,
        pub pv: Vec<Vec<f64>>,
    }

    pub fn history() -> impl Strategy<Value = History> {
        (1usize..50).prop_flat_map(|n| {
            proptest::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    0u8..12,
                    0u32..3,
                    proptest::option::weighted(0.3, 1u32..4),
                    proptest::collection::vec(0u32..=6, 4),
                ),
                n,
            )
            .prop_map(|rows| {
                let mut joins: Vec<u32> = rows.iter().map(|r| r.2).collect();
                joins.sort_unstable();
                let mut h = History {
                    periods: 4,
                    sponsor: Vec::new(),
                    joined: joins.clone(),
                    quit: Vec::new(),
                    pv: Vec::new(),
                };
                for (i, (parent, root, _, stay, pv)) in rows.into_iter().enumerate() {
                    h.sponsor.push(if i == 0 || root == 0 {
                        NONE
                    } else {
                        parent.index(i) as u32
                    });
                    h.quit.push(stay.map_or(u32::MAX, |s| joins[i] + s));
                    h.pv.push(pv.into_iter().map(|u| f64::from(u) * 50.0).collect());
                }
                h
            })
        })
    }

    /// What one period paid, by stable id (0 for members not in the arrays).
    pub struct Paid {
        pub by_id: Vec<f64>,
        pub qualified_by_id: Vec<bool>,
        pub totals: PeriodTotals,
    }

    /// Pays every period with full arrays (`compact = false`) or compact ones.
    pub fn pay(plan: &Plan, h: &History, compact: bool) -> Vec<Paid> {
        let mut run = plan.start();
        let mut out = Vec::new();
        for p in 0..h.periods {
            let n = h.joined.iter().filter(|&&j| j <= p).count();
            let present: Vec<bool> = (0..n).map(|i| h.quit[i] > p).collect();
            let mut upline = Vec::new();
            tree::roll_up(&h.sponsor[..n], &present, &mut upline);
            let pv: Vec<f64> = (0..n)
                .map(|i| if present[i] { h.pv[i][p as usize] } else { 0.0 })
                .collect();
            let joined: Vec<u32> = h.joined[..n].to_vec();
            let (ids, upline, present, pv, joined) = if compact {
                let ids: Vec<u32> = (0..n as u32).filter(|&i| present[i as usize]).collect();
                let mut position = vec![NONE; n];
                for (k, &id) in ids.iter().enumerate() {
                    position[id as usize] = k as u32;
                }
                let up = ids
                    .iter()
                    .map(|&i| match upline[i as usize] {
                        NONE => NONE,
                        u => position[u as usize],
                    })
                    .collect();
                let pv = ids.iter().map(|&i| pv[i as usize]).collect();
                let joined = ids.iter().map(|&i| joined[i as usize]).collect();
                (ids.clone(), up, vec![true; ids.len()], pv, joined)
            } else {
                (Vec::new(), upline, present, pv, joined)
            };
            let m = upline.len();
            let zeros = vec![0.0; m];
            let input = PeriodInput {
                period: p,
                upline: &upline,
                present: &present,
                pv: &pv,
                cv: &pv,
                retail: &zeros,
                joined: &joined,
                entry_fee: &zeros,
                id: &ids,
                placement: &[],
            };
            let payout = run.pay(&input);
            let mut by_id = vec![0.0; h.sponsor.len()];
            let mut qualified_by_id = vec![false; h.sponsor.len()];
            for k in 0..m {
                let id = if compact { input.id_of(k) as usize } else { k };
                by_id[id] = payout.paid[k];
                qualified_by_id[id] = payout.qualified[k];
            }
            out.push(Paid {
                by_id,
                qualified_by_id,
                totals: payout.totals.clone(),
            });
        }
        out
    }

    /// A large organisation for timing: `n` members, each sponsored by a pseudo-random
    /// earlier member (a few roots), pv 0..=300 in steps of 50.
    pub fn large(n: usize) -> (Vec<u32>, Vec<f64>) {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut upline = Vec::with_capacity(n);
        let mut pv = Vec::with_capacity(n);
        for i in 0..n {
            let r = next();
            upline.push(if i < 3 { NONE } else { (r % i as u64) as u32 });
            pv.push(((r >> 32) % 7) as f64 * 50.0);
        }
        (upline, pv)
    }

    /// Pays two periods of `large(n)` (the first places everyone) and checks both pay
    /// something. How long it takes is measured by `benches/plan_month.rs`, not here.
    pub fn pay_two_periods(plan: &Plan, n: usize) {
        let (upline, pv) = large(n);
        let present = vec![true; n];
        let zeros = vec![0.0; n];
        let joined = vec![1; n];
        let input = PeriodInput {
            period: 1,
            upline: &upline,
            present: &present,
            pv: &pv,
            cv: &pv,
            retail: &zeros,
            joined: &joined,
            entry_fee: &zeros,
            id: &[],
            placement: &[],
        };
        let mut run = plan.start();
        let first = run.pay(&input).totals.paid;
        let second = run.pay(&input).totals.paid;
        assert!(first > 0.0 && second > 0.0);
    }
}
