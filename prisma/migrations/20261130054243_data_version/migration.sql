-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The one row the triggers bump (installed by app/lib/data-version.server.ts after every migration run).
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
