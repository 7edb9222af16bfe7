import type { ReactNode } from "react";

/** A table with one row of column headings; the rows come as children. */
export function DataTable({ headings, children }: { headings: string[]; children: ReactNode }) {
  return (
    <table>
      <thead>
        <tr>
          {headings.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
