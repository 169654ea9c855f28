import type { Metadata } from "next";
import { PlannerPage } from "@/components/planner/planner-page";

export const metadata: Metadata = { title: "Today" };

export default function TodayPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <PlannerPage path="/today" searchParams={searchParams} heading="Today" scope={{ kind: "today" }} />;
}
