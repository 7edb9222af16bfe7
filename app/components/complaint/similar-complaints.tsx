import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import type { SimilarComplaint } from "~/models/complaint/types";

/**
 * Open public complaints of the chosen unit and category, each with "saya juga mengalami". The buttons
 * sit inside the complaint form but submit the page's `metoo-form` (form attribute).
 *
 * With JavaScript the list is looked up while the resident goes on filling the form, and its answer must
 * not move the fields below under a finger on its way to them: the block appears the moment unit and
 * category are chosen (the resident's own action), one line long ("looking"), in a space held for three
 * lines (`.similar` in app.css), and the answer takes the same space: a short summary that opens onto
 * the list. Asked for on purpose ("check first", or a link naming unit and category), the list is open.
 */
export function SimilarComplaints({ similar, looking, open }: { similar: SimilarComplaint[] | null; looking: boolean; open: boolean }) {
  const t = useT();
  return (
    <section className="notice similar" aria-live="polite" aria-busy={looking} data-testid="similar">
      {looking || similar === null ? (
        <p>{t("complaints.similar.looking")}</p>
      ) : similar.length === 0 ? (
        <p>{t("complaints.similar.none")}</p>
      ) : (
        <details open={open}>
          <summary>{t("complaints.similar.found", { n: similar.length })}</summary>
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
        </details>
      )}
    </section>
  );
}
