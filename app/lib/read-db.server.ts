// Transitional (issue 20): the read connection now belongs to the raw-SQL module (app/lib/sql/,
// docs/decisions/0026). Model files still being split by other changes import these names from here;
// once they call query functions, this file goes.
export { readStatement } from "./sql/sqlite/engine.server";
export { dataVersionForCache, dateOf as msToDate } from "./sql/index.server";
