import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import type { SimilarComplaint } from "~/models/complaint/types";

/**
 * Open public complaints of the chosen unit and category, each with "saya juga mengalami". The buttons
 * sit inside the complaint form but submit the page's `metoo-form` (form attribute).
 */
export function SimilarComplaints({ similar }: { similar: SimilarComplaint[] }) {
  const t = useT();
  return (
    <section className="notice" aria-live="polite" data-testid="similar">
      <h2>{t("complaints.similar.title")}</h2>
      {similar.length === 0 ? (
        <p>{t("complaints.similar.none")}</p>
      ) : (
        <>
          <p>{t("complaints.similar.lead")}</p>
          <ul className="list">
            {similar.map((s) => (
              <li key={s.ref}>
                <Link to={`/complaints/${s.ref}`}>{s.ref}</Link> — {s.summary}
                <div className="muted">{t("complaints.similar.count", { n: s.meTooCount })}</div>
                <button type="submit" form="metoo-form" name="ref" value={s.ref} className="secondary">
                  {t("complaints.similar.meToo")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
