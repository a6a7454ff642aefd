import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lapse", template: "%s · Lapse" },
  description: "Just-in-time access governance: temporary privilege that stays temporary.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so each carries its response's CSP nonce (a prerendered
  // page's scripts would have none and be blocked).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
