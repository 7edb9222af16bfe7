import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isAdmin, isInspector, isUnitHead } from "~/models/policy.server";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/lib/session.server";
import { adminHome, inspectorHome, publicHeadlineFigures, unitHeadHome } from "~/models/home.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate, formatDateTime } from "~/lib/time";
import { metaTranslator } from "~/i18n/meta";
import { codeKey } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaTranslator(matches);
  return [{ title: t("pageTitle.home") }, { name: "description", content: t("pageTitle.homeDescription") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user && isInspector(user)) return json({ kind: "inspector" as const, inspector: await inspectorHome() });
  if (user && isUnitHead(user)) return json({ kind: "unitHead" as const, unitHead: await unitHeadHome(user) });
  if (user && isAdmin(user)) return json({ kind: "admin" as const, admin: await adminHome() });
  return json({ kind: "PUBLIC" as const, figures: await publicHeadlineFigures() });
}

export default function Index() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "inspector") return <InspectorHome data={data.inspector} />;
  if (data.kind === "unitHead") return <UnitHeadHome data={data.unitHead} />;
  if (data.kind === "admin") return <AdminHome data={data.admin} />;
  return <PublicHome figures={data.figures} />;
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function PublicHome({ figures }: { figures: Extract<Data, { kind: "PUBLIC" }>["figures"] }) {
  const t = useT();
  const locale = useLocale();
  const pct = figures.onTimeShare === null ? "—" : `${Math.round(figures.onTimeShare * 100)}%`;
  return (
    <>
      <section className="card" data-testid="home-public">
        <h1>{t("home.public.title")}</h1>
        <p>{t("home.public.lead")}</p>
        <div className="actions">
          <Link to="/complaints/new" className="button">
            {t("home.public.report")}
          </Link>
          <Link to="/map" className="button secondary">
            {t("nav.map")}
          </Link>
        </div>
        <Form method="post" action="/track" className="actions" aria-label={t("home.public.track")}>
          <label htmlFor="track-code" className="visually-hidden">
            {t("home.public.trackCode")}
          </label>
          <input id="track-code" name="code" placeholder={t("home.public.trackCode")} autoComplete="off" style={{ maxWidth: "20rem" }} />
          <button type="submit" className="secondary">
            {t("home.public.track")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("home.figures")}</h2>
        <div className="grid grid-4">
          <Figure value={figures.complaints.toLocaleString(locale === "id" ? "id-ID" : "en-GB")} label={t("home.figures.complaints")} />
          <Figure value={pct} label={t("home.figures.onTime")} />
          <Figure value={String(figures.overdue)} label={t("home.figures.overdue")} />
          <Figure value={figures.outstandingDocuments.toLocaleString(locale === "id" ? "id-ID" : "en-GB")} label={t("home.figures.outstanding")} />
        </div>
        <p>
          <Link to="/dashboard">{t("nav.dashboard")} →</Link>
        </p>
      </section>
    </>
  );
}

function Figure({ value, label }: { value: string; label: string }) {
  return (
    <div className="card">
      <p className="figure">{value}</p>
      <p className="figure-label">{label}</p>
    </div>
  );
}

function InspectorHome({ data }: { data: Extract<Data, { kind: "inspector" }>["inspector"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="home-inspector">
      <h1>{t("home.inspector.title")}</h1>
      <div className="actions">
        <Link to="/inspections/new" className="button">
          {t("home.inspector.startSidak")}
        </Link>
        <Link to="/triage" className="button secondary">
          {t("home.inspector.newComplaints")}: {data.newComplaints}
        </Link>
      </div>
      <section className="card">
        <h2>{t("home.inspector.overdue")}</h2>
        {data.overdue.length === 0 ? <p>{t("home.none")}</p> : null}
        <ul className="list">
          {data.overdue.map((f) => (
            <li key={f.id}>
              <Link to={`/follow-ups/${f.id}`} className="instruction">
                {f.instruction}
              </Link>
              <div className="muted">
                {f.unit.name} · {t("common.deadline")} {formatDateTime(f.dueAt, locale)}{" "}
                <span className="badge overdue">{t("state.OVERDUE")}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("home.inspector.recent")}</h2>
        <ul className="list">
          {data.recent.map((i) => (
            <li key={i.id}>
              <Link to={`/inspections/${i.id}`}>{i.unit.name}</Link>{" "}
              <span className="muted">
                {formatDate(i.startedAt, locale)}
                {i.score !== null ? ` · ${Math.round(i.score)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function UnitHeadHome({ data }: { data: Extract<Data, { kind: "unitHead" }>["unitHead"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="home-unit-head">
      <h1>{t("home.unitHead.title")}</h1>
      {data.unit ? <p className="muted">{data.unit.name}</p> : null}
      <div className="grid grid-3">
        <Figure value={String(data.open)} label={t("home.unitHead.open")} />
        <Figure value={String(data.dueSoon)} label={t("home.unitHead.dueSoon")} />
        <Figure value={String(data.overdue)} label={t("home.unitHead.overdue")} />
      </div>
      <section className="card">
        <h2>{t("nav.followUps")}</h2>
        {data.next.length === 0 ? <p>{t("home.none")}</p> : null}
        <ul className="list">
          {data.next.map((f) => (
            <li key={f.id}>
              {/* The whole instruction: cut at a fixed length, several read the same ("…laporkan jumlah yang masih"). */}
              <Link to={`/follow-ups/${f.id}`} className="instruction">
                {f.instruction}
              </Link>
              <div className="muted">
                <span className={`badge ${f.state === "OPEN" ? "open" : "answered"}`}>{t(codeKey("state", f.state))}</span> {t("common.deadline")}{" "}
                {formatDateTime(f.dueAt, locale)}
              </div>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/follow-ups">{t("nav.followUps")} →</Link>
        </p>
      </section>
    </div>
  );
}

function AdminHome({ data }: { data: Extract<Data, { kind: "admin" }>["admin"] }) {
  const t = useT();
  return (
    <div data-testid="home-admin">
      <h1>{t("home.admin.title")}</h1>
      <div className="grid grid-3">
        <Link to="/admin/units" className="card">
          <p className="figure">{data.units}</p>
          <p className="figure-label">{t("admin.units")}</p>
        </Link>
        <Link to="/admin/users" className="card">
          <p className="figure">{data.users}</p>
          <p className="figure-label">{t("admin.users")}</p>
        </Link>
      </div>
    </div>
  );
}
