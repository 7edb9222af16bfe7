import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { parseId } from "~/lib/http.server";
import { getInspection } from "~/models/inspection/queries.server";
import { formatDate, formatDateTime, wibDateKey } from "~/lib/time";
import { useLocale, useT } from "~/i18n/use-t";
import { QuantityChart, type ChartPoint } from "~/components/quantity-chart";
import styles from "~/styles/inspections.css";
import { metaTranslator } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";
import type { MessagesHandle } from "~/i18n";

// The Berita Acara as a print-friendly page (the browser's print dialog), next to the PDF. Its own
// route (`$id_`: not nested in the working page, whose navigation, map and amendment form it must not
// show), rendered bare: `handle.bare` tells the root to leave out the site header and footer.

export const handle: MessagesHandle & { bare: boolean } = { bare: true, messages: [inspectionsMessages] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaTranslator(matches)("pageTitle.beritaAcara", { unit: data?.inspection.unit.name ?? "" }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "inspection:read");
  const inspection = await getInspection(user, parseId(params.id));
  return json({ inspection });
}

export default function PrintInspection() {
  const { inspection } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const tag = locale === "id" ? "id-ID" : "en-GB";
  const answers = new Map(inspection.answers.map((a) => [a.itemId, a]));
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toLocaleString(tag)}%`);
  const scoreOf = new Map(inspection.scores.sections.map((s) => [s.section, s.score]));
  let lastSection: string | null = null;
  return (
    <article className="card print-record" style={{ maxWidth: "50rem", margin: "0 auto" }}>
      <p className="no-print actions" style={{ marginTop: 0 }}>
        <Link to={`/inspections/${inspection.id}`}>← {t("common.back")}</Link>
        <a href={`/inspections/${inspection.id}/report.pdf`}>{t("inspections.pdf")}</a>
      </p>
      <header style={{ textAlign: "center", borderBottom: "2px solid #1b1f23", marginBottom: "1rem" }}>
        <p style={{ margin: 0, fontWeight: 700 }}>{t("inspections.ba.government")}</p>
        <h1 style={{ margin: "0.25rem 0" }}>{t("inspections.ba.title")}</h1>
        <p style={{ margin: "0 0 0.5rem" }}>{t("inspections.ba.number", { id: inspection.id, year: wibDateKey(new Date(inspection.startedAt)).slice(0, 4) })}</p>
        {inspection.status === "DRAFT" ? <p className="error">{t("inspections.ba.draftMark")}</p> : null}
      </header>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t("common.unit")}</th>
            <td>{inspection.unit.name}</td>
          </tr>
          <tr>
            <th scope="row">{t("inspections.ba.address")}</th>
            <td>{inspection.unit.address ?? "—"}</td>
          </tr>
          <tr>
            <th scope="row">{t("inspections.field.startedAt")}</th>
            <td>{formatDateTime(inspection.startedAt, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t("inspections.field.inspector")}</th>
            <td>{inspection.inspector.name}</td>
          </tr>
          <tr>
            <th scope="row">{t("inspections.field.team")}</th>
            <td style={{ whiteSpace: "pre-line" }}>{inspection.team || "—"}</td>
          </tr>
          <tr>
            <th scope="row">{t("inspections.field.trigger")}</th>
            <td>{t(codeKey("inspections.trigger", inspection.trigger))}</td>
          </tr>
          {inspection.complaints.length ? (
            <tr>
              <th scope="row">{t("inspections.linkedComplaints")}</th>
              <td>{inspection.complaints.map((c) => c.ref).join(", ")}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row">{t("inspections.score.total")}</th>
            <td>{pct(inspection.scores.total)}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("inspections.ba.sectionChecklist")}</h2>
      <table>
        <tbody>
          {inspection.items.map((item) => {
            const a = answers.get(item.id);
            const head =
              item.section !== lastSection ? (
                <tr key={`s-${item.section}`}>
                  <th colSpan={2}>
                    {item.section} — {t("inspections.score.section")} {pct(scoreOf.get(item.section))}
                  </th>
                </tr>
              ) : null;
            lastSection = item.section;
            return [
              head,
              <tr key={item.id}>
                <td>
                  {item.label}
                  {a?.number !== null && a?.number !== undefined ? (
                    <div className="hint">
                      {item.numberLabel}: {a.number.toLocaleString(tag)} {item.numberUnit ?? ""}
                    </div>
                  ) : null}
                  {a?.note ? <div className="hint">{a.note}</div> : null}
                </td>
                <td style={{ whiteSpace: "nowrap" }}>{a ? t(codeKey("inspections.checklist", a.result)) : t("inspections.checklist.unanswered")}</td>
              </tr>,
            ];
          })}
        </tbody>
      </table>

      <h2>{t("inspections.ba.sectionFindings")}</h2>
      {inspection.findings.length === 0 ? <p>{t("inspections.ba.noFindings")}</p> : null}
      <ol>
        {inspection.findings.map((f) => (
          <li key={f.id} style={{ marginBottom: "1rem", breakInside: "avoid" }}>
            <strong>{t(codeKey("category", f.category))}</strong> — {t(codeKey("severity", f.severity))}
            {f.description !== null ? <p style={{ whiteSpace: "pre-line", margin: "0.25rem 0" }}>{f.description}</p> : <p className="hint">{t("inspections.finding.hiddenForUnit")}</p>}
            {f.quantity !== null ? (
              <p style={{ margin: "0.25rem 0" }}>
                {t("inspections.finding.quantity")}: {f.quantity.toLocaleString(tag)} {f.quantityUnit ?? ""}
                {f.oldestDate ? ` · ${t("inspections.finding.oldestDate")}: ${formatDate(f.oldestDate, locale)}` : ""}
              </p>
            ) : null}
            {f.history.length > 1 ? <QuantityChart points={f.history as ChartPoint[]} unit={f.quantityUnit} /> : null}
            <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
              {f.attachments.map((p, i) => (
                <img key={p.id} src={`/attachments/${p.id}`} alt={t("inspections.photo", { n: i + 1 })} style={{ width: "48%", maxWidth: "22rem", height: "auto" }} />
              ))}
            </div>
          </li>
        ))}
      </ol>

      <h2>{t("inspections.ba.sectionDirectives")}</h2>
      {inspection.findings.some((f) => f.directive) ? null : <p>{t("inspections.ba.noDirectives")}</p>}
      <ol>
        {inspection.findings
          .filter((f) => f.directive)
          .map((f) => {
            const due = f.followUps[0]?.dueAt ?? f.directiveDueAt;
            return (
              <li key={f.id}>
                {f.directive}
                <div>
                  <strong>
                    {t("common.deadline")}: {due ? formatDateTime(due, locale) : t("inspections.ba.deadlineAuto")}
                  </strong>
                </div>
              </li>
            );
          })}
      </ol>

      {inspection.amendments.length ? (
        <>
          <h2>{t("inspections.ba.sectionAmendments")}</h2>
          <ul>
            {inspection.amendments.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.createdAt, locale)} — {a.author.name}: {a.body}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <p style={{ marginTop: "2rem" }}>{t("inspections.ba.closing")}</p>
      <p style={{ textAlign: "right" }}>{t("inspections.ba.place", { date: formatDate(inspection.submittedAt ?? inspection.startedAt, locale) })}</p>
      <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "2rem", textAlign: "center", marginTop: "1rem" }}>
        <div>
          <strong>{t("inspections.ba.signInspector")}</strong>
          <div style={{ borderBottom: "1px solid #1b1f23", height: "5rem" }} />
          <div>{inspection.inspector.name}</div>
        </div>
        <div>
          <strong>{t("inspections.ba.signUnitHead")}</strong>
          <div style={{ borderBottom: "1px solid #1b1f23", height: "5rem" }} />
          <div>&nbsp;</div>
        </div>
      </div>
    </article>
  );
}
