// A SCRAM-SHA-256 verifier computed here, so CREATE/ALTER ROLE … PASSWORD sends the target
// a hash, never the plaintext (which a server with log_statement = ddl would log).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

export function scramSha256Verifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
