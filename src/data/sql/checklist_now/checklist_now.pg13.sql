-- The server's clock (epoch seconds): ages in the checks are measured against it, not ours.
SELECT extract(epoch FROM now())::float8 AS now
