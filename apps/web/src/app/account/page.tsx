import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ConnectedApps } from "@/components/account/connected-apps";
import { DataSection } from "@/components/account/data-section";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { ReminderSettings } from "@/components/account/reminder-settings";
import { TimeZoneForm } from "@/components/account/time-zone-form";
import { SignOutButton } from "@/components/sign-out-button";
import { SiteHeader } from "@/components/site-header";
import { ThemeSelect } from "@/components/theme-select";
import { getSession } from "@/lib/session.server";
import { signInHref } from "@/lib/sign-in-redirect";
import { THEME_COOKIE, themeFromCookie } from "@/lib/theme";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await getSession();
  if (!session) redirect(signInHref("/account"));
  const { user } = session;
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <>
      <SiteHeader user={{ name: user.name, email: user.email }} current="account" />
      <main id="main" className="page page-medium">
        <h1>Account</h1>

        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">Profile</h2>
          <dl className="details-list">
            <dt>Name</dt>
            <dd>{user.name}</dd>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="appearance-heading">
          <h2 id="appearance-heading">Appearance</h2>
          <ThemeSelect initial={theme} />
        </section>

        <section className="card" aria-labelledby="time-zone-heading">
          <h2 id="time-zone-heading">Time zone</h2>
          <TimeZoneForm />
        </section>

        <section className="card" aria-labelledby="reminders-heading">
          <h2 id="reminders-heading">Reminders</h2>
          <ReminderSettings />
        </section>

        <section className="card" aria-labelledby="data-heading">
          <h2 id="data-heading">Your data</h2>
          <DataSection />
        </section>

        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <p className="muted">
            Signing out of all devices ends every session, this one included. Devices that are signed in lose
            access within the lifetime of their current access token (15 minutes by default).
          </p>
          <div className="actions">
            <SignOutButton />
            <SignOutButton everywhere />
          </div>
        </section>

        <ConnectedApps />

        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>

        <section className="card card-danger" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete account</h2>
          <p className="muted">
            Deletes your account and every one of your tasks, for good. This cannot be undone.
          </p>
          <DeleteAccountForm />
        </section>
      </main>
    </>
  );
}
