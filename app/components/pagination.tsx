import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/**
 * "← Sebelumnya · Halaman 2 / 9 · Berikutnya →" under a paginated list. Plain links, so it works
 * without JavaScript; `reloadDocument` for pages whose client state must start over (the map).
 */
export function Pagination({
  page,
  pages,
  href,
  reloadDocument = false,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  reloadDocument?: boolean;
}) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("common.page")}>
      {page > 1 ? (
        <Link to={href(page - 1)} reloadDocument={reloadDocument}>
          ← {t("common.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span>
        {t("common.page")} {page} / {pages}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} reloadDocument={reloadDocument}>
          {t("common.next")} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
