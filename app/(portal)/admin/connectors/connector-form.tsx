"use client";
// A resource's connector: the kind, then that kind's settings. Secret fields are write-only:
// the page knows only whether one is set, a blank field keeps it, and a secret Lapse
// generates (a webhook signing key) is shown once, right after the save.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { CONNECTOR_KIND_LABELS, CONNECTOR_KINDS, type ConnectorKind } from "@/lib/connectors/kinds";
import { FormOutcome, useAdminForm } from "../use-admin-form";
import { saveConnectorAction, type ConnectorFormState } from "./actions";

interface Props {
  resourceId: string;
  kind: ConnectorKind;
  settings: Record<string, unknown>;
  secretsSet: string[];
  revision: number;
  canManage: boolean;
}

const str = (value: unknown, fallback = "") => (value === undefined || value === null ? fallback : String(value));

export function ConnectorForm(props: Props) {
  const form = useAdminForm<ConnectorFormState>(saveConnectorAction);
  const [kind, setKind] = useState<ConnectorKind>(props.kind);
  const errors = form.errors;
  const revision = form.state.status === "ok" && form.state.revision ? form.state.revision : props.revision;
  const s = kind === props.kind ? props.settings : {};
  const levelRoles = Object.entries((s.levelRoles as Record<string, string> | undefined) ?? {})
    .map(([level, role]) => `${level}=${role}`)
    .join("\n");

  const text = (name: string, label: string, value: string, hint?: string, type = "text") => {
    const id = `connector-${name}`;
    const key = `settings.${name}`;
    return (
      <Field id={id} label={label} hint={hint} errors={errors[key]}>
        <input name={key} type={type} defaultValue={value} autoComplete="off" onChange={form.edited} disabled={!props.canManage} className={controlClass} {...fieldAria(id, { hint: !!hint, errors: errors[key] })} />
      </Field>
    );
  };
  const secret = (name: string, label: string, hint: string) => {
    const id = `connector-secret-${name}`;
    const key = `secrets.${name}`;
    const set = kind === props.kind && props.secretsSet.includes(name);
    const fullHint = `${hint} ${set ? "A value is stored; leave blank to keep it." : "Not set yet."} It is stored encrypted and never shown again.`;
    return (
      <Field id={id} label={label} hint={fullHint} errors={errors[key]}>
        <input name={key} type="password" autoComplete="new-password" defaultValue="" onChange={form.edited} disabled={!props.canManage} className={controlClass} {...fieldAria(id, { hint: true, errors: errors[key] })} />
      </Field>
    );
  };

  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="resourceId" value={props.resourceId} />
      <input type="hidden" name="revision" value={revision} />
      <FormOutcome state={form.outcome} label="Connector result" />
      {form.state.status === "ok" && form.state.generatedSecrets && Object.keys(form.state.generatedSecrets).length > 0 && (
        <Notice tone="info" label="Generated secret">
          Lapse generated this signing key. Copy it to the receiving side now: it will not be shown again.
          {Object.entries(form.state.generatedSecrets).map(([name, value]) => (
            <span key={name} className="mt-2 block font-mono text-xs break-all" data-testid={`generated-${name}`}>
              {value}
            </span>
          ))}
        </Notice>
      )}
      <Field id="connector-kind" label="Connector kind" errors={errors.kind}>
        <select
          name="kind"
          value={kind}
          disabled={!props.canManage}
          onChange={(e) => {
            form.edited();
            setKind(e.target.value as ConnectorKind);
          }}
          className={controlClass}
          {...fieldAria("connector-kind", { errors: errors.kind })}
        >
          {CONNECTOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {CONNECTOR_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>

      {kind === "postgres-role" && (
        <div key="postgres-role" className="grid gap-4 sm:grid-cols-2">
          {text("host", "Host", str(s.host), "A public host name or address; TLS is required.")}
          {text("port", "Port", str(s.port, "5432"), undefined, "number")}
          {text("database", "Database", str(s.database))}
          {text("adminUser", "Administrative user", str(s.adminUser), "Needs CREATEROLE and the right to end sessions (pg_signal_backend).")}
          <Field id="connector-ssl" label="TLS" errors={errors["settings.ssl"]}>
            <select name="settings.ssl" defaultValue={str(s.ssl, "require")} disabled={!props.canManage} className={controlClass} {...fieldAria("connector-ssl", { errors: errors["settings.ssl"] })}>
              <option value="require">Required</option>
              <option value="disable">Off (only where private targets are allowed)</option>
            </select>
          </Field>
          {secret("adminPassword", "Administrative password", "Used only by the connector.")}
          <div className="sm:col-span-2">
            <Field id="connector-levelRoles" label="Access levels" hint="One line per level: level=role, e.g. read=app_read. A grant's login becomes a member of its level's role." errors={errors["settings.levelRoles"]}>
              <textarea name="settings.levelRoles" rows={3} defaultValue={levelRoles} onChange={form.edited} disabled={!props.canManage} className={controlClass} {...fieldAria("connector-levelRoles", { hint: true, errors: errors["settings.levelRoles"] })} />
            </Field>
          </div>
        </div>
      )}
      {kind === "webhook" && (
        <div key="webhook" className="grid gap-4 sm:grid-cols-2">
          {text("url", "URL", str(s.url), "https only; private and loopback addresses are refused.", "url")}
          {text("timeoutMs", "Timeout (ms)", str(s.timeoutMs, "5000"), undefined, "number")}
          {secret("signingKey", "Signing key (HMAC-SHA256)", "Leave blank on first save and Lapse generates one.")}
        </div>
      )}
      {kind === "signed-token" && (
        <div key="signed-token" className="grid gap-4 sm:grid-cols-2">
          {text("audience", "Audience (aud)", str(s.audience, "lapse"))}
        </div>
      )}
      {props.canManage && (
        <div className="flex justify-end">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : "Save connector"}
          </Button>
        </div>
      )}
    </form>
  );
}
