// Light, dark, or the system's choice (no cookie). Kept in a cookie rather
// than localStorage so the server renders <html data-theme> itself: the page
// never flashes the wrong theme, and no inline script (which the CSP would
// have to allow) is needed.
export const THEME_COOKIE = "theme";

export type ThemeChoice = "system" | "light" | "dark";

export function themeFromCookie(value: string | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}
