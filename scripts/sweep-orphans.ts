// `npm run sweep:orphans`: removes uploaded files that no Attachment row refers to (older than an hour).
import { getEnv, sqlitePath } from "../app/lib/env.server";
import { sweepOrphanUploads } from "../app/lib/orphan-sweep.server";
import path from "node:path";

const env = getEnv();
const result = await sweepOrphanUploads({ dbFile: sqlitePath(env.DATABASE_URL), uploadDir: path.resolve(env.UPLOAD_DIR) });
console.log(`scanned ${result.scanned} file(s), removed ${result.removed.length}: ${result.removed.join(", ") || "none"}`);
