import { ConfigError, type Env } from '../../config.js';

/** A province's collection account (tài khoản thu phí, lệ phí), where citizens' transfers go. */
export interface CollectionAccount {
  /** The bank's NAPAS BIN, 6 digits (e.g. 970415 VietinBank). */
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

/** `CONNECTOR_PAYMENT_ACCOUNT_51`: the account of province 51 and all its communes. */
const VARIABLE_RE = /^CONNECTOR_PAYMENT_ACCOUNT_(\d{2})$/;

/**
 * Reads every province's collection account from `CONNECTOR_PAYMENT_ACCOUNT_<PROVINCE>` =
 * `<bank BIN>|<account number>|<account name>`. Environment rather than a table because the account
 * is part of the agreement with the bank and the treasury, changed with the platform's secret, not
 * by a person at a screen; under CONNECTOR_ so that it travels with the payment connector's settings.
 * A malformed value stops the start, naming the variable (the rule of every setting here).
 */
export function loadCollectionAccounts(env: Env): ReadonlyMap<string, CollectionAccount> {
  const accounts = new Map<string, CollectionAccount>();
  for (const [name, value] of Object.entries(env)) {
    const match = VARIABLE_RE.exec(name);
    if (!match || value === undefined || value.trim() === '') continue;
    const [bankBin = '', accountNumber = '', ...rest] = value.split('|').map((part) => part.trim());
    const accountName = rest.join('|').trim();
    if (!/^\d{6}$/.test(bankBin)) throw new ConfigError(`${name}: the bank BIN must be 6 digits (format BIN|account number|account name)`);
    if (!/^[0-9A-Za-z]{1,19}$/.test(accountNumber)) throw new ConfigError(`${name}: the account number must be 1 to 19 letters or digits`);
    if (accountName === '') throw new ConfigError(`${name}: the account name is missing (format BIN|account number|account name)`);
    accounts.set(match[1]!, { bankBin, accountNumber, accountName });
  }
  return accounts;
}
