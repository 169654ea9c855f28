import type { Metadata } from "next";
import { PlannerPage } from "@/components/planner/planner-page";

export const metadata: Metadata = { title: "Upcoming" };

export default function UpcomingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return (
    <PlannerPage
      path="/upcoming"
      searchParams={searchParams}
      heading="Upcoming"
      scope={{ kind: "upcoming" }}
    />
  );
}
