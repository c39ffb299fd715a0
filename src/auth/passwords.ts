import argon2 from 'argon2';

// The password_hash of an account an admin made, until its person chooses a password (see
// invitations.ts): not an argon2 hash, so no password matches it.
export const NO_PASSWORD_YET = '!no-password-yet';

// argon2id: memory-hard, so stolen hashes are expensive to guess even on GPUs.
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  // An account still waiting for its first password (see invitations.ts): no answer, in the usual time.
  if (!hash.startsWith('$argon2')) {
    await spendVerifyTime(password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Used when no account matches, so a login takes as long whether or not the email exists.
let dummyHash: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0000');
  await verifyPassword(await dummyHash, password);
}
