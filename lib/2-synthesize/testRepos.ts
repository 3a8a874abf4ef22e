/** Small repositories the agent tests synthesize trajectories for (written to disk with tempTree). */

export const TS_WITH_CYCLE: Record<string, string> = {
  'README.md': '# Shapes\n\nA tiny geometry library: points, shapes and a renderer that prints them.\n\n## Usage\n\n```ts\nrender(new Circle(1))\n```\n',
  'package.json': '{ "name": "shapes", "version": "1.0.0" }\n',
  'src/point.ts': '/** A point in the plane. */\n\nexport interface Point {\n  x: number;\n  y: number;\n}\n\nexport function distance(a: Point, b: Point): number {\n  return Math.hypot(a.x - b.x, a.y - b.y);\n}\n',
  'src/shape.ts':
    "import { distance, type Point } from './point';\nimport type { Renderer } from './render';\n\n/** Anything with an area. */\nexport abstract class Shape {\n  abstract area(): number;\n  describe(r: Renderer): string {\n    return r.line(`${this.constructor.name} ${this.area()}`);\n  }\n}\n\nexport class Circle extends Shape {\n  constructor(readonly radius: number) {\n    super();\n  }\n  area(): number {\n    return Math.PI * this.radius ** 2;\n  }\n  contains(center: Point, p: Point): boolean {\n    return distance(center, p) <= this.radius;\n  }\n}\n",
  'src/render.ts': "import { Shape } from './shape';\n\nexport interface Renderer {\n  line(text: string): string;\n}\n\nexport const plain: Renderer = { line: (t) => t };\n\nexport function render(shapes: Shape[]): string {\n  return shapes.map((s) => s.describe(plain)).join('\\n');\n}\n",
  'src/index.ts': "export * from './point';\nexport * from './shape';\nexport { render, plain } from './render';\n",
  'src/empty.ts': '',
  'test/shape.test.ts': "import { Circle } from '../src/shape';\nimport { render } from '../src/render';\n\nconst c = new Circle(2);\nconsole.log(render([c]));\n",
};

export const PYTHON_PACKAGE: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "inventory"\nversion = "0.1.0"\n',
  'inventory/__init__.py': '"""Inventory tracking: items, stock levels and reports."""\n\nfrom .models import Item\nfrom .stock import Stock\n',
  'inventory/models.py': '"""Data classes for stocked items."""\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Item:\n    """One kind of thing we keep."""\n\n    sku: str\n    name: str\n\n    def label(self) -> str:\n        return f"{self.sku}: {self.name}"\n',
  'inventory/stock.py':
    'from collections import Counter\n\nfrom .models import Item\n\n\nclass Stock:\n    """Quantities on hand, by SKU."""\n\n    def __init__(self):\n        self._counts = Counter()\n\n    def add(self, item: Item, n: int = 1) -> None:\n        self._counts[item.sku] += n\n\n    def count(self, sku: str) -> int:\n        return self._counts[sku]\n',
  'inventory/report.py': 'from inventory import models\nfrom inventory.stock import Stock\n\nHEADER = "SKU  COUNT"\n\n\ndef report(stock: Stock, items: list[models.Item]) -> str:\n    lines = [HEADER]\n    for item in items:\n        lines.append(f"{item.sku}  {stock.count(item.sku)}")\n    return "\\n".join(lines)\n',
  'tests/test_stock.py': 'from inventory.models import Item\nfrom inventory.stock import Stock\n\n\ndef test_add():\n    s = Stock()\n    s.add(Item("a", "A"), 2)\n    assert s.count("a") == 2\n',
  'tests/__init__.py': '',
};

export const GO_MODULE: Record<string, string> = {
  'go.mod': 'module example.com/kv\n\ngo 1.22\n',
  'store/store.go': '// Package store keeps values in memory.\npackage store\n\nimport "sync"\n\n// Store is a concurrency-safe map.\ntype Store struct {\n\tmu sync.Mutex\n\tm  map[string]string\n}\n\n// New returns an empty store.\nfunc New() *Store { return &Store{m: map[string]string{}} }\n\nfunc (s *Store) Get(k string) (string, bool) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tv, ok := s.m[k]\n\treturn v, ok\n}\n\nfunc (s *Store) Set(k, v string) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.m[k] = v\n}\n',
  'server/server.go': 'package server\n\nimport (\n\t"fmt"\n\n\t"example.com/kv/store"\n)\n\n// Handle runs one command against the store.\nfunc Handle(s *store.Store, cmd, k, v string) string {\n\tif cmd == "set" {\n\t\ts.Set(k, v)\n\t\treturn "ok"\n\t}\n\tgot, _ := s.Get(k)\n\treturn fmt.Sprint(got)\n}\n',
  'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/kv/server"\n\t"example.com/kv/store"\n)\n\nfunc main() {\n\ts := store.New()\n\tfmt.Println(server.Handle(s, "set", "a", "1"))\n}\n',
};

export const RUST_CRATE: Record<string, string> = {
  'Cargo.toml': '[package]\nname = "tally"\nversion = "0.1.0"\nedition = "2021"\n',
  'src/lib.rs': '//! Counting words in text.\n\npub mod counter;\npub mod report;\n\npub use counter::Counter;\n',
  'src/counter.rs': 'use std::collections::HashMap;\n\n/// Word counts.\npub struct Counter {\n    counts: HashMap<String, usize>,\n}\n\nimpl Counter {\n    pub fn new() -> Self {\n        Counter { counts: HashMap::new() }\n    }\n\n    pub fn add(&mut self, text: &str) {\n        for w in text.split_whitespace() {\n            *self.counts.entry(w.to_string()).or_default() += 1;\n        }\n    }\n\n    pub fn get(&self, w: &str) -> usize {\n        self.counts.get(w).copied().unwrap_or(0)\n    }\n}\n',
  'src/report.rs': 'use crate::counter::Counter;\n\n/// One line per word.\npub fn report(c: &Counter, words: &[&str]) -> String {\n    words.iter().map(|w| format!("{} {}", w, c.get(w))).collect::<Vec<_>>().join("\\n")\n}\n',
  'src/main.rs': 'use tally::Counter;\n\nfn main() {\n    let mut c = Counter::new();\n    c.add("a b a");\n    println!("{}", c.get("a"));\n}\n',
};

export const JAVA_PROJECT: Record<string, string> = {
  'src/main/java/com/acme/bank/Account.java':
    'package com.acme.bank;\n\n/** A bank account with a balance in cents. */\npublic class Account {\n    private long balance;\n\n    public long balance() {\n        return balance;\n    }\n\n    public void deposit(long cents) {\n        balance += cents;\n    }\n}\n',
  'src/main/java/com/acme/bank/Ledger.java':
    'package com.acme.bank;\n\nimport java.util.ArrayList;\nimport java.util.List;\n\npublic class Ledger {\n    private final List<Account> accounts = new ArrayList<>();\n\n    public Account open() {\n        Account a = new Account();\n        accounts.add(a);\n        return a;\n    }\n}\n',
  'src/main/java/com/acme/App.java': 'package com.acme;\n\nimport com.acme.bank.Account;\nimport com.acme.bank.Ledger;\n\npublic class App {\n    public static void main(String[] args) {\n        Account a = new Ledger().open();\n        a.deposit(100);\n        System.out.println(a.balance());\n    }\n}\n',
};

export const MIXED: Record<string, string> = {
  'README.md': 'Mixed tools\n===========\n\nA web client and the Python script that generates its data.\n',
  'web/api.js': "/** Fetches the generated data. */\nexport async function load(url) {\n  const res = await fetch(url);\n  return res.json();\n}\n",
  'web/app.js': "import { load } from './api.js';\n\nload('/data.json').then((d) => console.log(d));\n",
  'scripts/gen.py': '#!/usr/bin/env python3\n"""Writes data.json for the web client."""\nimport json\n\n\ndef main():\n    print(json.dumps({"ok": True}))\n\n\nif __name__ == "__main__":\n    main()\n',
  'scripts/util.py': 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))\n',
  'data/data.json': '{"ok": true}\n',
};

export const EMPTY_REPO: Record<string, string> = {
  'README.md': '# Nothing yet\n\nJust notes.\n',
  'notes.txt': 'todo\n',
};
