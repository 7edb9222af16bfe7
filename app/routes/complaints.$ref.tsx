import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound } from "~/lib/http.server";
import { can } from "~/lib/permissions.server";
import { getSessionUser } from "~/lib/session.server";
import { findComplaintIdByReference, getPublicComplaint } from "~/models/complaint/queries.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { StatusBadge } from "~/components/complaint-bits";
import { MiniMap } from "~/components/map/mini-map";
import { pageTitle } from "~/i18n/meta";
import { ComplaintAnswers, ComplaintHistory } from "~/components/complaint/history";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import { map as mapMessages } from "~/i18n/messages/map";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages, mapMessages] };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? `${data.complaint.ref} · Tindak` : pageTitle(matches, "pageTitle.complaint") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const complaint = await getPublicComplaint(params.ref ?? "");
  if (complaint) return json({ complaint });
  // Staff reach any complaint by its reference, an RHS one or a confidential complaint's old ADU one,
  // on its triage page; everyone else gets the same 404 as for a reference that does not exist.
  const user = await getSessionUser(request);
  const staffId = user && can(user, "complaint:moderate") ? await findComplaintIdByReference(user, params.ref ?? "") : null;
  if (staffId) throw redirect(`/triage/${staffId}`);
  notFound();
}

export default function PublicComplaint() {
  const t = useT();
  const locale = useLocale();
  const { complaint: c } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  // Set by the "me too" button's redirect; the figure shown is always the stored count.
  const meToo = params.get("metoo");
  const answers = c.followUps.flatMap((f) => f.responses);
  return (
    <>
      {meToo === "counted" || meToo === "already" ? (
        <p className={meToo === "counted" ? "success" : "notice"} role="status" data-testid="metoo-done">
          {t(meToo === "counted" ? "complaints.meToo.done" : "complaints.meToo.already", { n: c.meTooCount })}
        </p>
      ) : null}
      <article className="card">
        <h1>{c.ref}</h1>
        <p>
          <StatusBadge status={c.status} /> {c.duplicateOfRef ? <Link to={`/complaints/${c.duplicateOfRef}`}>{t("complaints.detail.duplicateOf", { ref: c.duplicateOfRef })}</Link> : null}
        </p>
        <p className="muted">
          {c.unit.name} · {t(codeKey("category", c.category))} · {t("complaints.detail.filed", { date: formatDateTime(c.createdAt, locale) })}
        </p>
        <p className="muted">{c.reporterName ? t("complaints.detail.reporter", { name: c.reporterName }) : t("complaints.detail.anonymous")}</p>
        <p style={{ whiteSpace: "pre-wrap" }}>{c.text}</p>
        <MiniMap lat={c.lat} lng={c.lng} label={c.ref} />
        {c.meTooCount ? <p>{t("complaints.similar.count", { n: c.meTooCount })}</p> : null}
        {c.attachments.length ? (
          <section aria-label={t("complaints.detail.photos")} className="grid grid-3">
            {c.attachments.map((a) => (
              <a key={a.id} href={`/attachments/${a.id}`}>
                <img src={`/attachments/${a.id}`} alt={t("complaints.detail.photoAlt", { ref: c.ref })} width={a.width} height={a.height} loading="lazy" style={{ maxWidth: "100%", height: "auto" }} />
              </a>
            ))}
          </section>
        ) : null}
      </article>
      <ComplaintAnswers answers={answers} photoUrl={(id) => `/attachments/${id}`} />
      <ComplaintHistory events={c.events} complaintRef={c.ref} photoUrl={(id) => `/attachments/${id}`} />
    </>
  );
}
