-- A consumer's bill account takes opening adjustments that no bill issued: the final balance of a prepaid wallet
-- closed by a prepaid → postpaid migration (UC14.10; credit negative, arrears positive), posted once per migration
-- (reference 'migration:<id>') and shown as its own line on the next bill.
ALTER TABLE bill_account_entry DROP CONSTRAINT bill_account_entry_kind_check;
ALTER TABLE bill_account_entry ADD CONSTRAINT bill_account_entry_kind_check
    CHECK (kind IN ('BILL', 'REVISION', 'PAYMENT', 'ADJUSTMENT'));
ALTER TABLE bill_account_entry ALTER COLUMN bill_no DROP NOT NULL;
ALTER TABLE bill_account_entry ADD CONSTRAINT bill_account_entry_bill_no
    CHECK (bill_no IS NOT NULL OR kind = 'ADJUSTMENT');
