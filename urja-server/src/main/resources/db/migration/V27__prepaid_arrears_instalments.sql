-- prepaid module: postpaid arrears carried into prepaid (UC13) are recovered as a share of each recharge
-- (urja.prepaid.arrears-recovery-percent) instead of all at once, which would leave a new prepaid consumer at a
-- negative balance and disconnected on the first day. What is still owed is kept here; each recovery is an
-- ARREARS_RECOVERY ledger entry.
ALTER TABLE prepaid_account ADD COLUMN arrears_outstanding_paise BIGINT NOT NULL DEFAULT 0
    CHECK (arrears_outstanding_paise >= 0);
ALTER TABLE prepaid_account ADD COLUMN arrears_reference TEXT;
