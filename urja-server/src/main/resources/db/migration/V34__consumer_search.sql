-- customer module: the staff portal's consumer search (meter/consumer 360) by phone, a word of the name, or the
-- beginning of the name, without reading every account.
CREATE INDEX consumer_account_phone_digits ON consumer_account (right(regexp_replace(phone, '\D', '', 'g'), 10));
CREATE INDEX consumer_account_name_words ON consumer_account USING gin (regexp_split_to_array(lower(name), '\s+'));
CREATE INDEX consumer_account_name_prefix ON consumer_account (lower(name) text_pattern_ops);
