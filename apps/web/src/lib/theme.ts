// Light, dark, or the system's choice (no cookie). Kept in a cookie rather
// than localStorage so the server renders <html data-theme> itself: the page
// never flashes the wrong theme, and no inline script (which the CSP would
// have to allow) is needed. globals.css turns data-theme into `color-scheme`,
// which every colour of the palette follows through light-dark().
export const THEME_COOKIE = "theme";

export type ThemeChoice = "system" | "light" | "dark";

export function themeFromCookie(value: string | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}
