import type { Executor } from '../../database.ts';

/** Adds a descriptor after the others in the vocabulary's order. */
export async function insertDescriptor(db: Executor, code: string, label: string): Promise<void> {
  const last = await db.selectFrom('classification_descriptors').select((eb) => eb.fn.max('sort_order').as('n')).executeTakeFirst();
  await db.insertInto('classification_descriptors').values({ code, label, sort_order: Number(last?.n ?? 0) + 1 }).execute();
}
