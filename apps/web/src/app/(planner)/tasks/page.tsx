import type { Metadata } from "next";
import { PlannerPage } from "@/components/planner/planner-page";

export const metadata: Metadata = { title: "Inbox" };

// /tasks is the Inbox: where tasks land unless a list is named.
export default function InboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <PlannerPage path="/tasks" searchParams={searchParams} heading="Inbox" scope={{ kind: "inbox" }} />;
}
