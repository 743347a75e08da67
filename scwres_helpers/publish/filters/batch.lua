-- Many documents, one Pandoc run: each written as HTML and Typst exactly as a run of
-- both.lua writes it, without a process (and a Lua state, and the filters' loading)
-- for each. Starting Pandoc is about half of the work for a short document.
--
-- SCWRES_BATCH names a file listing the markdown files, one path per line (files the
-- build wrote); SCWRES_READER is the reader with its extensions and SCWRES_COLUMNS the
-- columns, as a single run passes them. Each file is read on its own (its headings'
-- identifiers are its own), sanitised by sanitise.lua, then written by both.lua's
-- Writer. The outputs are joined by SPLIT, which Python splits on.
local SPLIT = "\n<!-- scwres: next document -->\n"
local here = PANDOC_SCRIPT_FILE:match("(.*[/\\])") or ""

dofile(here .. "both.lua")
local write_both = Writer

local function read_file(path)
  local handle = assert(io.open(path, "rb"))
  local text = handle:read("a")
  handle:close()
  return text
end

function Writer(_, opts)
  local reader = os.getenv("SCWRES_READER")
  local columns = tonumber(os.getenv("SCWRES_COLUMNS"))
  local outputs = {}
  for path in read_file(os.getenv("SCWRES_BATCH")):gmatch("[^\n]+") do
    local doc = pandoc.read(read_file(path), reader, { columns = columns })
    for _, filter in ipairs(dofile(here .. "sanitise.lua")) do
      doc = doc:walk(filter)
    end
    local written = write_both(doc, opts)
    if written:sub(-1) ~= "\n" then
      written = written .. "\n"  -- as Pandoc ends what it writes: a run of both.lua ends so
    end
    table.insert(outputs, written)
  end
  return table.concat(outputs, SPLIT)
end
