#!/usr/bin/env python3
"""Checks that the crate's files import one another without cycles.

Usage: python3 .ci/acyclic.py [SRC]   (SRC defaults to ``src``)

Each ``.rs`` file under SRC is one module, named by its path (``db/mod.rs`` is ``db``,
``email/sender.rs`` is ``email::sender``; ``lib.rs`` and ``main.rs`` are left out, since they only
declare the modules). A file depends on another when, outside comments and its ``#[cfg(test)]``
part, it names it through:

* ``use crate::a::b::{c, d::e};`` -- each path of the use tree;
* a ``crate::a::b::c`` path written in code;
* a ``super::x::y`` path, resolved from the file's parent module;
* a child module it declares (``mod x;``) and then reaches as ``x::...`` (or ``self::x::...``).

A path resolves to the longest prefix that is a module file (``crate::db::users::insert`` is
``db::users``); a path into the file itself is not an edge. Every strongly connected group of
more than one file is a cycle: each is printed with its edges, and the exit status is 1. With no
cycle nothing is printed and the exit status is 0.
"""

import os
import re
import sys


def module_files(root):
    """Maps each module name (``a::b``) to its file."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            parts = os.path.relpath(path, root)[: -len(".rs")].split(os.sep)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts in (["lib"], ["main"]):
                continue
            files["::".join(parts)] = path
    return files


def resolve(files, path):
    """The module a `a::b::item` path lands in: its longest prefix that is a file."""
    segments = path.split("::")
    for end in range(len(segments), 0, -1):
        module = "::".join(segments[:end])
        if module in files:
            return module
    return None


def split_top_level(body):
    """Splits a use tree's braces body at its top-level commas."""
    items, current, depth = [], "", 0
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item for item in items if item.strip()]


def use_paths(tree, prefix=""):
    """The paths of a use tree: `a::{b, c::{d as e}}` gives `a::b` and `a::c::d`."""
    tree = tree.strip()
    group = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", tree, re.S)
    if not group:
        path = tree.split(" as ")[0].strip()
        return [prefix + "::" + path if prefix else path]
    head = group.group(1)
    inner = prefix + "::" + head if prefix and head else (prefix or head)
    paths = []
    for item in split_top_level(group.group(2)):
        paths.extend(use_paths(item, inner))
    return paths


def code_of(path):
    """The file's text without line comments and without its test part."""
    text = re.sub(r"//[^\n]*", "", open(path, encoding="utf-8").read())
    cut = text.find("#[cfg(test)]")
    return text[:cut] if cut >= 0 else text


def dependencies(files, module, path):
    """The modules one file depends on."""
    text = code_of(path)
    targets = set()
    for use in re.finditer(r"use\s+crate::([^;]+);", text, re.S):
        targets.update(resolve(files, p) for p in use_paths(use.group(1)))
    for written in re.finditer(r"(?<!use )crate::((?:\w+::)*\w+)", text):
        targets.add(resolve(files, written.group(1)))
    parent = module.rsplit("::", 1)[0] if "::" in module else ""
    for written in re.finditer(r"super::((?:\w+::)*\w+)", text):
        targets.add(resolve(files, (parent + "::" if parent else "") + written.group(1)))
    declared = r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;"
    for child in re.findall(declared, text, re.M):
        child_module = module + "::" + child if module else child
        if child_module in files and re.search(r"(?<![\w:])(?:self::)?" + child + r"::", text):
            targets.add(child_module)
    targets.discard(None)
    targets.discard(module)
    return targets


def cycles(edges):
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(edges[succ]))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    files = module_files(root)
    edges = {module: dependencies(files, module, path) for module, path in files.items()}
    found = cycles(edges)
    for group in found:
        print(f"import cycle of {len(group)} files: {' '.join(group)}")
        for source in group:
            for target in sorted(edges[source] & set(group)):
                print(f"    {source} -> {target}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
