import { db, type Tx } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { notFound } from "~/lib/http.server";
import type { Actor } from "~/models/policy.server";

// The ChecklistTemplate aggregate: what a sidak checks, per unit type. Templates are seeded with
// Indonesian defaults (prisma/seed/checklists.ts) and edited by admins. Items are never deleted, only
// deactivated, because answers of past inspections point at them.

/** Unit types whose own template may be missing; they fall back to the generic one (unitType OTHER). */
export const GENERIC_UNIT_TYPE = "OTHER";

/** The active template for a unit type, else the generic one, else any active template. */
export async function templateForUnitType(unitType: string, client: Tx | typeof db = db) {
  const select = { id: true, name: true, unitType: true } as const;
  return (
    (await client.checklistTemplate.findFirst({ where: { unitType, active: true }, orderBy: { id: "asc" }, select })) ??
    (await client.checklistTemplate.findFirst({ where: { unitType: GENERIC_UNIT_TYPE, active: true }, orderBy: { id: "asc" }, select })) ??
    (await client.checklistTemplate.findFirst({ where: { active: true }, orderBy: { id: "asc" }, select }))
  );
}

// ---------------------------------------------------------------------------------------------------
// Administration (ADMIN only: routes check "admin:manage" before calling these)

export function listTemplates() {
  return db.checklistTemplate.findMany({
    orderBy: [{ unitType: "asc" }, { id: "asc" }],
    select: { id: true, name: true, unitType: true, active: true, _count: { select: { items: { where: { active: true } } } } },
  });
}

export async function getTemplate(id: number) {
  const template = await db.checklistTemplate.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      unitType: true,
      active: true,
      items: { orderBy: [{ position: "asc" }, { id: "asc" }] },
    },
  });
  return template ?? notFound();
}

export async function createTemplate(admin: Actor, input: { name: string; unitType: string }) {
  return auditedTransaction(db, async (tx) => {
    const t = await tx.checklistTemplate.create({ data: { name: input.name, unitType: input.unitType } });
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: "checklist.template.create", entityType: "ChecklistTemplate", entityId: t.id, after: input });
    return t;
  });
}

export async function updateTemplate(admin: Actor, id: number, input: { name: string; unitType: string; active: boolean }) {
  return auditedTransaction(db, async (tx) => {
    const before = await tx.checklistTemplate.findUnique({ where: { id }, select: { name: true, unitType: true, active: true } });
    if (!before) notFound();
    await tx.checklistTemplate.update({ where: { id }, data: input });
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: "checklist.template.update", entityType: "ChecklistTemplate", entityId: id, before, after: input });
  });
}

export type ItemInput = {
  section: string;
  label: string;
  numberLabel: string | null;
  numberUnit: string | null;
  asksOldestDate: boolean;
  findingCategory: string;
};

export async function addItem(admin: Actor, templateId: number, input: ItemInput) {
  return auditedTransaction(db, async (tx) => {
    const template = await tx.checklistTemplate.findUnique({ where: { id: templateId }, select: { id: true } });
    if (!template) notFound();
    const last = await tx.checklistItem.findFirst({ where: { templateId }, orderBy: { position: "desc" }, select: { position: true } });
    const item = await tx.checklistItem.create({ data: { ...input, templateId, position: (last?.position ?? 0) + 1 } });
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: "checklist.item.create", entityType: "ChecklistItem", entityId: item.id, after: { templateId, ...input } });
    return item;
  });
}

export async function updateItem(admin: Actor, templateId: number, itemId: number, input: ItemInput) {
  return auditedTransaction(db, async (tx) => {
    const before = await tx.checklistItem.findFirst({ where: { id: itemId, templateId } });
    if (!before) notFound();
    await tx.checklistItem.update({ where: { id: itemId }, data: input });
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: "checklist.item.update", entityType: "ChecklistItem", entityId: itemId, before, after: input });
  });
}

export async function setItemActive(admin: Actor, templateId: number, itemId: number, active: boolean) {
  return auditedTransaction(db, async (tx) => {
    const before = await tx.checklistItem.findFirst({ where: { id: itemId, templateId }, select: { active: true } });
    if (!before) notFound();
    await tx.checklistItem.update({ where: { id: itemId }, data: { active } });
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: active ? "checklist.item.activate" : "checklist.item.deactivate", entityType: "ChecklistItem", entityId: itemId, before, after: { active } });
  });
}

/** Moves an item one place up or down within its template (positions are renumbered 1..n). */
export async function moveItem(admin: Actor, templateId: number, itemId: number, direction: "up" | "down") {
  return auditedTransaction(db, async (tx) => {
    const items = await tx.checklistItem.findMany({ where: { templateId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, position: true } });
    const index = items.findIndex((i) => i.id === itemId);
    if (index < 0) notFound();
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= items.length) return;
    const order = items.map((i) => i.id);
    [order[index], order[target]] = [order[target]!, order[index]!];
    for (let i = 0; i < order.length; i++) {
      if (items.find((x) => x.id === order[i])!.position !== i + 1) {
        await tx.checklistItem.update({ where: { id: order[i] }, data: { position: i + 1 } });
      }
    }
    await appendAudit(tx, { actorId: admin.id, actorKind: "USER", action: "checklist.item.move", entityType: "ChecklistItem", entityId: itemId, after: { direction } });
  });
}
