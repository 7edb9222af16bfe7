import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isUnitHead } from "~/models/policy.server";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/use-t";
import { notFound, parseId } from "~/lib/http.server";
import { getSessionUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import { audienceOf, getUnitPage, MIN_RANKED, parsePeriod } from "~/models/dashboard.server";
import { inspectionsOfUnit } from "~/models/inspection/queries.server";
import transparencyStyles from "~/styles/transparency.css";
import { Definitions, FigureCards, PeriodForm, RedList, TrendCharts } from "~/components/transparency";
import { MiniMap } from "~/components/map/mini-map";
import { unitLocation } from "~/models/map.server";
import { metaTranslator } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { transparency as transparencyMessages } from "~/i18n/messages/transparency";
import { map as mapMessages } from "~/i18n/messages/map";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [transparencyMessages, mapMessages, inspectionsMessages] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: transparencyStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.page.unit.name} · Tindak` : "Tindak" },
  { name: "description", content: data ? metaTranslator(matches)("pageTitle.unitDescription", { unit: data.page.unit.name }) : "" },
];

// GET /units/<id>: a unit's public page with the same figures as its dashboard row (issue 7).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const user = await getSessionUser(request);
  const { period, invalid } = parsePeriod(new URL(request.url).searchParams);
  const audience = audienceOf(user);
  const page = await getUnitPage(id, period, audience);
  if (!page) notFound();
  // Inspections as this viewer may see them; the public sees submitted ones (with their scores).
  const ownUnit = isUnitHead(user) && user!.unitId === id;
  const inspections = await inspectionsOfUnit(id, user && (audience === "staff" || ownUnit) ? user : undefined);
  return json({
    page,
    period: { from: period.from, to: period.to },
    invalid,
    staff: audience === "staff",
    minRanked: MIN_RANKED,
    canOpenInspections: audience === "staff" || ownUnit,
    location: await unitLocation(id),
    inspections: inspections.slice(0, 10).map((i) => ({
      id: i.id,
      startedAt: i.startedAt.toISOString(),
      status: i.status,
      score: i.score,
      findings: i._count.findings,
    })),
  });
}

export default function UnitPage() {
  const { page, period, invalid, staff, inspections, canOpenInspections, minRanked, location } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { unit } = page;
  return (
    <div data-testid="unit-page">
      <p>
        <Link to={`/dashboard?from=${period.from}&to=${period.to}`}>← {t("unit.backToDashboard")}</Link>
      </p>
      <h1>{unit.name}</h1>
      <p className="muted">
        {t(codeKey("unitType", unit.type))} · {t("common.kecamatan")} {unit.kecamatanName}
      </p>
      {unit.address ? (
        <p>
          {t("unit.address")}: {unit.address}
        </p>
      ) : null}
      {unit.phone ? (
        <p>
          {t("unit.phone")}: <a href={`tel:${unit.phone}`}>{unit.phone}</a>
        </p>
      ) : null}
      <MiniMap lat={location?.lat} lng={location?.lng} label={unit.name} mapQuery={`unitId=${unit.id}`} />
      {!unit.active ? <p className="notice">{t("unit.inactive")}</p> : null}
      <PeriodForm from={period.from} to={period.to} action={`/units/${unit.id}`} staff={staff} invalid={invalid} />

      <section aria-labelledby="unit-figures-title">
        <h2 id="unit-figures-title">{t("dash.totals")}</h2>
        <p data-testid="unit-rank">
          {page.rank ? t("unit.rank", { position: page.rank.position, of: page.rank.of }) : t("unit.unranked", { n: minRanked })}
        </p>
        <FigureCards figures={page.figures} testId="unit-figures" />
      </section>

      <TrendCharts trend={page.trend} />

      <RedList items={page.redList} staff={staff} showUnit={false} />

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t("unit.recent")}</h2>
        {page.recentComplaints.length === 0 ? <p>{t("unit.recentEmpty")}</p> : null}
        <ul className="list" data-testid="unit-complaints">
          {page.recentComplaints.map((c) => (
            <li key={c.ref}>
              <Link to={`/complaints/${c.ref}`}>{c.ref}</Link> · {t(codeKey("category", c.category))}{" "}
              <span className="badge">{t(codeKey("status", c.status))}</span>
              <div className="muted">{formatDate(c.createdAt, locale)}</div>
              <p>{c.summary}</p>
            </li>
          ))}
        </ul>
        <p>
          <Link to={`/complaints?unitId=${unit.id}`}>{t("unit.allComplaints")} →</Link>
        </p>
      </section>

      <section aria-labelledby="inspections-title">
        <h2 id="inspections-title">{t("unit.inspections")}</h2>
        {inspections.length === 0 ? <p>{t("unit.inspectionsEmpty")}</p> : null}
        <ul className="list" data-testid="unit-inspections">
          {inspections.map((i) => (
            <li key={i.id}>
              {canOpenInspections ? <Link to={`/inspections/${i.id}`}>{formatDate(i.startedAt, locale)}</Link> : formatDate(i.startedAt, locale)}
              {" · "}
              {t("unit.score")}: {i.score === null ? "—" : Math.round(i.score)} · {t("unit.findings", { n: i.findings })}
            </li>
          ))}
        </ul>
      </section>

      <Definitions />
    </div>
  );
}
