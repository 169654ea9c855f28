import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlannerPage } from "@/components/planner/planner-page";

export const metadata: Metadata = { title: "List" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ListPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  // Not a list id at all: no need to ask the API.
  if (!UUID.test(id)) notFound();
  return (
    <PlannerPage path={`/lists/${id}`} searchParams={searchParams} scope={{ kind: "list", listId: id }} />
  );
}
