/** The sign-in address that brings the user back to `pathname` with its query after signing in. */
export function signInHref(
  pathname: string,
  searchParams: Record<string, string | string[] | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      query.append(key, item);
    }
  }
  const search = query.toString();
  return `/sign-in?next=${encodeURIComponent(search ? `${pathname}?${search}` : pathname)}`;
}
