-- A plan's team roles that a template made are kept as codes, so each reader sees them in
-- their own language. Plans made before this kept the label in the language they were made in
-- (English or Chinese, any case): those become the code too. Roles the user typed stay theirs.
UPDATE plans SET team = (
  SELECT json_group_array(json_object(
    'name', json_extract(m.value, '$.name'),
    'role', CASE
      WHEN lower(trim(json_extract(m.value, '$.role'))) = 'account manager'
        OR trim(json_extract(m.value, '$.role')) = '客户经理' THEN 'account_manager'
      WHEN lower(trim(json_extract(m.value, '$.role'))) = 'executive sponsor'
        OR trim(json_extract(m.value, '$.role')) = '高管赞助人' THEN 'executive_sponsor'
      ELSE json_extract(m.value, '$.role')
    END))
  FROM (SELECT value FROM json_each(plans.team) ORDER BY key) m
)
WHERE json_valid(team) AND json_array_length(team) > 0;
