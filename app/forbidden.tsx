import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-6 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">You don&apos;t have access to this page</h1>
      <p className="mt-2 text-slate-600">Your roles don&apos;t include it. If you need it, ask an administrator.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 underline">
        Go to your home page
      </Link>
    </main>
  );
}
