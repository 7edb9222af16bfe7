import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/cli";

// Issue 23, item 4: `npm run db:new-migration -- <name>` (scripts/new-migration.sh), run as a developer
// runs it, in a temporary copy of the project (never the real prisma/migrations): with no name it says how
// to call it; with no schema change it writes nothing; with a change it writes the migration, updates the
// snapshot and the PostgreSQL side (docs/decisions/0022), regenerates the Prisma client and leaves no stray file (no empty data/tindak.db).

let project = "";
let scratchTmp = ""; // the script's TMPDIR, to see that its scratch folder is removed

/** A copy of what the command reads and writes, with the shared node_modules linked in. */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-new-migration-"));
  for (const entry of ["package.json", "prisma.config.ts", "prisma/schema.prisma", "prisma/migrations", "prisma/postgres", "scripts/new-migration.sh", "scripts/pg-schema.ts", "scripts/lib/postgres-schema.ts", "app/generated"]) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  // A working copy has data/ (the development database lives there): the command must leave it alone.
  fs.mkdirSync(path.join(dir, "data"));
  return dir;
}

beforeAll(() => {
  project = copyProject();
  scratchTmp = path.join(project, "..", `${path.basename(project)}-tmp`);
  fs.mkdirSync(scratchTmp);
});
afterAll(() => {
  for (const dir of [project, scratchTmp]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file of the copy (node_modules aside) with a hash of its content: a `git status` of the folder. */
function listing(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of fs.readdirSync(project, { recursive: true, encoding: "utf8" })) {
    if (rel === "node_modules" || rel.startsWith(`node_modules${path.sep}`)) continue;
    const full = path.join(project, rel);
    if (fs.lstatSync(full).isFile()) files.set(rel, crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex"));
  }
  return files;
}

function changes(before: Map<string, string>, after: Map<string, string>) {
  const added = [...after.keys()].filter((f) => !before.has(f)).sort();
  const removed = [...before.keys()].filter((f) => !after.has(f)).sort();
  const modified = [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f)).sort();
  return { added, removed, modified };
}

/** `npm run db:new-migration -- <args>` in the copy, with no DATABASE_URL set (as on a fresh clone). */
function newMigration(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratchTmp, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "db:new-migration", ...(args.length ? ["--", ...args] : [])], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const migrationDirs = () => fs.readdirSync(path.join(project, "prisma/migrations")).filter((d) => /^\d{14}_/.test(d));

describe("npm run db:new-migration", () => {
  it("with no name says how to call it, in one plain line, and writes nothing", async () => {
    const before = listing();
    const run = await newMigration([]);
    expect(run.code).not.toBe(0);
    expect(run.out.trim()).toBe("usage: npm run db:new-migration -- <name>   (letters, digits and _ only, e.g. add_unit_phone)");
    expect(run.out).not.toMatch(/line \d+/);
    expect(changes(before, listing())).toEqual({ added: [], removed: [], modified: [] });
  });

  it("refuses a name that would not make a folder name, with the same help", async () => {
    const run = await newMigration(["add unit/phone"]);
    expect(run.code).not.toBe(0);
    expect(run.out).toContain('bad name "add unit/phone": usage: npm run db:new-migration -- <name>');
    expect(migrationDirs()).toEqual(fs.readdirSync(path.join(REPO, "prisma/migrations")).filter((d) => /^\d{14}_/.test(d)));
  });

  it("with no schema change says so and creates nothing", { timeout: 55_000 }, async () => {
    const before = listing();
    const run = await newMigration(["nothing_changed"]);
    expect(run.out).toContain("No schema change (or the diff failed): no migration written.");
    expect(run.code).not.toBe(0);
    expect(changes(before, listing())).toEqual({ added: [], removed: [], modified: [] });
    expect(fs.readdirSync(path.join(project, "data"))).toEqual([]);
    expect(fs.readdirSync(scratchTmp)).toEqual([]);
  });

  it("with a new model writes its SQL, updates the snapshot and regenerates the client, and nothing else", { timeout: 55_000 }, async () => {
    const schemaFile = path.join(project, "prisma/schema.prisma");
    fs.appendFileSync(schemaFile, '\n/// A note made only by this test.\nmodel ScratchNote {\n  id   Int    @id @default(autoincrement())\n  body String @default("")\n}\n');
    const before = listing();
    const dirsBefore = migrationDirs();

    const run = await newMigration(["add_scratch_note"]);
    expect(run.code, run.out).toBe(0);

    const made = migrationDirs().filter((d) => !dirsBefore.includes(d));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^\d{14}_add_scratch_note$/);
    const sql = fs.readFileSync(path.join(project, "prisma/migrations", made[0], "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "ScratchNote"');
    expect(sql).toContain('"body" TEXT NOT NULL DEFAULT \'\'');
    expect(run.out).toContain(`Wrote prisma/migrations/${made[0]}/migration.sql`);
    // The snapshot is now the schema, byte for byte, so the next migration diffs from here.
    expect(fs.readFileSync(path.join(project, "prisma/migrations/schema.snapshot.prisma"), "utf8")).toBe(fs.readFileSync(schemaFile, "utf8"));
    // The PostgreSQL side follows (docs/decisions/0022): its schema and a migration of the same name.
    const pgSql = fs.readFileSync(path.join(project, "prisma/postgres/migrations", made[0], "migration.sql"), "utf8");
    expect(pgSql).toContain('CREATE TABLE "ScratchNote"');
    expect(pgSql).toContain('"id" SERIAL NOT NULL');
    expect(pgSql).not.toContain('CREATE TABLE "Unit"');
    expect(fs.readFileSync(path.join(project, "prisma/postgres/schema.prisma"), "utf8")).toContain("model ScratchNote {");
    // The client knows the new model.
    expect(run.out).toContain("Regenerated the Prisma client (app/generated/prisma)");
    expect(fs.readFileSync(path.join(project, "app/generated/prisma/models/ScratchNote.ts"), "utf8")).toContain("body");
    expect(fs.readFileSync(path.join(project, "app/generated/prisma/client.ts"), "utf8")).toContain("ScratchNote");

    // Exactly these files and no others: the migration and the client's new model, the snapshot and the
    // client's files that list the models; no database file (data/tindak.db) and no scratch left behind.
    const { added, removed, modified } = changes(before, listing());
    expect(added).toEqual([
      path.join("app/generated/prisma/models/ScratchNote.ts"),
      path.join("prisma/migrations", made[0], "migration.sql"),
      path.join("prisma/postgres/migrations", made[0], "migration.sql"),
    ]);
    expect(removed).toEqual([]);
    expect(modified).toContain("prisma/migrations/schema.snapshot.prisma");
    expect(modified).toContain("prisma/postgres/schema.prisma");
    const expected = ["prisma/migrations/schema.snapshot.prisma", "prisma/postgres/schema.prisma"];
    expect(modified.filter((f) => !expected.includes(f) && !f.startsWith("app/generated/prisma/"))).toEqual([]);
    expect(fs.readdirSync(path.join(project, "data"))).toEqual([]);
    expect(fs.readdirSync(scratchTmp)).toEqual([]);
  });
});
