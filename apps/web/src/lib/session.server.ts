import { headers } from "next/headers";
import { cache } from "react";
import { getAuth } from "./auth.server";

/** The signed-in user's session for this request, or null. Memoised per request. */
export const getSession = cache(async () => {
  // Request headers first: while `next build` prerenders, this is where
  // rendering stops, before anything opens the database.
  const requestHeaders = await headers();
  return getAuth().api.getSession({ headers: requestHeaders });
});
