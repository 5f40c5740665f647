"""The shape of the code: small modules, no import cycles, no layer importing a higher one, and
own-module imports at the top unless a comment says why one waits."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_LINES = 400

# Lowest first. A module may import its own layer and the layers below, never one above.
# core.checks.rules sits with the schema: the layouts' sums as data, which extraction (cutting
# glued digits), corrections and the checks all read.
LAYERS = (
    ("core", "core.errors", "core.model", "core.schema", "core.progress", "core.crashlog",
     "core.atomic", "core.checks.rules", "core.table_grid"),
    ("core.readers", "core.ocr"),     # OCR reads scanned pages into the PDF reader's content
    ("core.extract",),
    ("core.checks",),
    ("core.pipeline", "core.corrections", "core.reopen", "core.manual", "core.last_year"),
    ("core.xlsx", "core.docx_out"),
    ("core.batch", "core.read_service"),   # both run the pipeline in worker processes
    ("core.cli", "core.__main__"),
    ("gui",),
)


def _name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for package in ("core", "gui") for p in (ROOT / package).rglob("*.py")}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _import_nodes(tree: ast.AST):
    """Every import statement, at any depth, except those only a type checker runs."""
    for node in ast.iter_child_nodes(tree):
        if _is_type_checking(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _import_nodes(node)


def _own(target: str) -> str:
    """The project module `target` names (a package when it names a function or a class)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target


def imports_of(name: str) -> set[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" for a in node.names]
        found |= {_own(t) for t in targets} - {"", name}
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int:
    best = max((prefix for layer in LAYERS for prefix in layer
                if name == prefix or name.startswith(prefix + ".")), key=len)
    return next(i for i, layer in enumerate(LAYERS) if best in layer)


def test_every_module_is_under_400_lines():
    files = [p for folder in ("core", "gui", "scripts") for p in (ROOT / folder).rglob("*.py")]
    long = {str(p.relative_to(ROOT)): n for p in files
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_no_import_cycles():
    # Tarjan's strongly connected components over every import, function-level ones included
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not cycles


def test_no_layer_imports_a_higher_one():
    upward = sorted(f"{a} → {b}" for a, targets in GRAPH.items() for b in targets
                    if layer_of(b) > layer_of(a))
    assert not upward


def test_the_checks_catch_what_they_look_for():
    # the graph is read right: known edges are there, and a made-up upward edge would be seen
    assert "core.checks.rules" in GRAPH["core.extract.fill"]
    assert "core.readers.pdf_ruled" in GRAPH["core.readers.pdf"]
    assert layer_of("core.readers.pdf") < layer_of("core.extract.fill") < layer_of("core.cli")
    assert layer_of("gui.main_window") > layer_of("core.batch")


def _is_own(node) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in ("core", "gui")
    return any(a.name.split(".")[0] in ("core", "gui") for a in node.names)


def test_own_imports_inside_functions_say_why():
    # a project module imported inside a function hides a dependency: allowed for an
    # import-time reason (a reader loaded only for its format, Qt never for the CLI), written
    # in a comment on the import or above it in the same function
    bare = []
    for name, path in MODULES.items():
        lines = path.read_text("utf-8").splitlines()
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and _is_own(node):
                    if not any("#" in line for line in lines[fn.lineno - 1:node.lineno]):
                        bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bare
