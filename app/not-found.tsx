import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing here, or nothing you may see.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 underline">
        Go to your home page
      </Link>
    </main>
  );
}
