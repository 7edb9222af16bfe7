import fs from "node:fs";

// Whether anything was committed to a WAL-mode SQLite database since the last look, for one pread
// instead of a read transaction (the response cache asks on every request, public-cache.server.ts).
//
// The first 96 bytes of `<database>-shm` are the two copies of SQLite's WAL-index header
// (https://sqlite.org/walformat.html, "the WAL-index header"). Every commit rewrites them before it
// returns, from any connection of any process: `iChange` counts write transactions, `mxFrame` and the
// frame checksums move with each frame appended, and a WAL restart changes the salts. So while the bytes
// read the same, nothing has been committed. A read during a commit may see them half-written: that
// differs from before too, and the commit is not acknowledged yet.
//
// The file must be the one SQLite uses: SQLite deletes `-shm` when the last connection to the database
// closes and makes a new one with the next. Open this only while a connection of this process is open
// on the database (it keeps the file in place) and close it with that connection.

const HEADER_BYTES = 96;

export class WalIndexHeader {
  private fd: number | null;
  private readonly bytes = Buffer.alloc(HEADER_BYTES);

  /** Null where the database has no shared-memory index (not in WAL mode, or not opened yet). */
  static open(databaseFile: string): WalIndexHeader | null {
    try {
      return new WalIndexHeader(fs.openSync(`${databaseFile}-shm`, "r"));
    } catch {
      return null;
    }
  }

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** The header now, in a buffer the next read overwrites; null if it cannot be read whole. */
  read(): Buffer | null {
    if (this.fd === null) return null;
    try {
      return fs.readSync(this.fd, this.bytes, 0, HEADER_BYTES, 0) === HEADER_BYTES ? this.bytes : null;
    } catch {
      return null;
    }
  }

  close() {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = null;
  }
}
