"use client";
// The auditor's charts (recharts). Each has a text summary beside it for screen readers and
// for anyone who would rather read the figure than the picture. No animation: a chart that
// draws itself in is motion nobody asked for, and a screenshot mid-way shows a wrong picture.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartData } from "@/lib/audit/reports/chart-data";

const COLORS = { approved: "#059669", denied: "#dc2626", cancelled: "#94a3b8", timedOut: "#d97706", pending: "#6366f1" };
// One locale and UTC, as the buckets are UTC days and weeks: the server's render and the
// browser's then agree (a viewer's own locale made React discard the server render).
const dayTime = (iso: string) => `${new Intl.DateTimeFormat("en-GB", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(new Date(iso))} UTC`;
const day = (iso: string) => new Intl.DateTimeFormat("en-GB", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(iso));
const every = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

function Frame({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  return (
    <figure className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <figcaption className="mb-2">
        <span className="block text-sm font-semibold text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{summary}</span>
      </figcaption>
      <div className="h-56" aria-hidden>
        {children}
      </div>
    </figure>
  );
}

export function EvidenceCharts({ data }: { data: ChartData }) {
  const peak = Math.max(0, ...data.liveGrants.map((p) => p.live));
  const totals = data.outcomesByWeek.reduce(
    (sum, w) => ({ approved: sum.approved + w.approved, denied: sum.denied + w.denied, timedOut: sum.timedOut + w.timedOut }),
    { approved: 0, denied: 0, timedOut: 0 },
  );
  const ended = data.lagBuckets.reduce((sum, b) => sum + b.grants, 0);
  const fast = data.lagBuckets.slice(0, 4).reduce((sum, b) => sum + b.grants, 0);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Frame
        title="Live grants over time"
        summary={`Sampled every ${every(data.sampleMinutes)} (UTC): at most ${peak} live at a sample point between ${day(data.from)} and ${day(data.to)}. Shorter grants can fall between samples; the grants report lists every one.`}
      >
        <ResponsiveContainer>
          <AreaChart data={data.liveGrants}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" tickFormatter={day} minTickGap={40} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={32} />
            <Tooltip labelFormatter={(v) => dayTime(String(v))} />
            <Area type="stepAfter" dataKey="live" name="live grants" stroke="#4f46e5" fill="#c7d2fe" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </Frame>
      <Frame title="Requests by outcome, per week" summary={`${totals.approved} approved, ${totals.denied} denied, ${totals.timedOut} timed out.`}>
        <ResponsiveContainer>
          <BarChart data={data.outcomesByWeek}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="week" tickFormatter={day} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={32} />
            <Tooltip labelFormatter={(v) => `Week of ${day(String(v))}`} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((key) => (
              <Bar key={key} dataKey={key} name={key === "timedOut" ? "timed out" : key} stackId="outcome" fill={COLORS[key]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Frame>
      <Frame title="Revocation lag" summary={ended ? `${fast} of ${ended} ended grants revoked within a minute of their due time.` : "No grant has ended in this period."}>
        <ResponsiveContainer>
          <BarChart data={data.lagBuckets}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="bucket" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={32} />
            <Tooltip />
            <Bar dataKey="grants" name="grants" fill="#0ea5e9" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Frame>
      <Frame
        title="Exceptions (break-glass) per resource"
        summary={data.exceptionsByResource.length ? data.exceptionsByResource.map((e) => `${e.resource}: ${e.exceptions}`).join(", ") : "No break-glass in this period."}
      >
        <ResponsiveContainer>
          <BarChart data={data.exceptionsByResource} layout="vertical">
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis type="number" allowDecimals={false} fontSize={11} />
            <YAxis type="category" dataKey="resource" width={160} fontSize={11} />
            <Tooltip />
            <Bar dataKey="exceptions" name="break-glass grants" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Frame>
    </div>
  );
}
