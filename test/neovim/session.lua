-- Drives iam-irsa from headless Neovim for test/ui/neovim.test.ts, after iam-irsa.lua has been sourced.
-- The test names the files and requests in $IAM_IRSA_NVIM_INPUT (JSON); this script opens the files,
-- waits (bounded) for the diagnostics the server pushes once the workspace is indexed, sends the
-- requests, applies one quick fix, writes what Neovim holds to the input's `out` file and quits.
-- Every wait has a timeout: a broken server ends the session with `timedOut` set, never a hang.

local input = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('IAM_IRSA_NVIM_INPUT')), '\n'))
local started = vim.loop.hrtime()
local function ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local result = { timings = {}, timedOut = {}, published = {}, log = {}, files = {}, answers = {} }
-- Every message from the server that this script watches gets the next number, to order them.
local seq = 0
local indexedAt

local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  seq = seq + 1
  table.insert(result.published, { seq = seq, ms = ms(), uri = params.uri, count = #params.diagnostics })
  if #params.diagnostics > 0 and not result.timings.firstDiagnostics then result.timings.firstDiagnostics = ms() end
  return default_publish(err, params, ctx, config)
end

vim.lsp.handlers['window/logMessage'] = function(_, params)
  seq = seq + 1
  table.insert(result.log, params.message)
  if params.message:find('indexed') then
    indexedAt = seq
    result.timings.indexed = ms()
  end
end

local function published_since(uri, since)
  for _, p in ipairs(result.published) do
    if p.uri == uri and p.seq > since then return true end
  end
  return false
end

local function diagnostics_of(bufnr)
  return vim.tbl_map(function(d)
    return { code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, message = d.message }
  end, vim.diagnostic.get(bufnr))
end

local function wait(what, predicate)
  if not vim.wait(input.timeoutMs, predicate, 20) then table.insert(result.timedOut, what) return false end
  return true
end

local function run()
  local buffers = {}
  for _, file in ipairs(input.files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local bufnr = vim.api.nvim_get_current_buf()
    buffers[file] = { bufnr = bufnr, uri = vim.uri_from_bufnr(bufnr), filetype = vim.bo[bufnr].filetype }
  end
  result.timings.opened = ms()

  -- The cross-file checks need the workspace index: wait for its log line, then for a push of every file after it.
  local settled = wait('diagnostics after indexing', function()
    if not indexedAt then return false end
    for _, b in pairs(buffers) do
      if not published_since(b.uri, indexedAt) then return false end
    end
    return true
  end)
  result.timings.settled = ms()
  -- A server that published nothing in time answers nothing either: fail fast.
  if not settled then return end
  for file, b in pairs(buffers) do
    local clients = vim.tbl_map(function(c) return c.name end, vim.tbl_values(vim.lsp.buf_get_clients(b.bufnr)))
    result.files[file] = { uri = b.uri, filetype = b.filetype, clients = clients, diagnostics = diagnostics_of(b.bufnr) }
  end

  for _, request in ipairs(input.requests) do
    local params = { textDocument = { uri = buffers[request.file].uri }, position = request.position }
    local before = ms()
    local responses, err = vim.lsp.buf_request_sync(buffers[request.file].bufnr, request.method, params, input.timeoutMs)
    local answer = { ms = ms() - before, error = err }
    for _, response in pairs(responses or {}) do
      answer.result = response.result
      answer.error = answer.error or response.error
    end
    result.answers[request.name] = answer
  end

  -- The quick fix of a diagnostic, as :lua vim.lsp.buf.code_action() asks for it and applies it.
  if input.fix then
    local b = buffers[input.fix.file]
    local diagnostic
    for _, d in ipairs(vim.diagnostic.get(b.bufnr)) do
      if d.code == input.fix.code then diagnostic = d end
    end
    local fix = { found = diagnostic ~= nil }
    result.fix = fix
    if not diagnostic then return end
    local range = { start = { line = diagnostic.lnum, character = diagnostic.col }, ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col } }
    local params = { textDocument = { uri = b.uri }, range = range, context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(b.bufnr, diagnostic.lnum) } }
    local responses = vim.lsp.buf_request_sync(b.bufnr, 'textDocument/codeAction', params, input.timeoutMs) or {}
    local chosen
    fix.titles = {}
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        table.insert(fix.titles, action.title)
        if not chosen and action.kind == 'quickfix' and action.edit then chosen = action end
      end
    end
    if not chosen then return end
    fix.applied = chosen.title
    local since = seq
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    fix.line = vim.api.nvim_buf_get_lines(b.bufnr, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
    wait('diagnostics after the quick fix', function() return published_since(b.uri, since) end)
    fix.diagnostics = diagnostics_of(b.bufnr)
  end
end

local ok, err = xpcall(run, debug.traceback)
if not ok then result.error = err end

vim.lsp.stop_client(vim.lsp.get_active_clients())
result.stopped = vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
if not result.stopped then vim.lsp.stop_client(vim.lsp.get_active_clients(), true) end
result.timings.total = ms()
vim.fn.writefile({ vim.json.encode(result) }, input.out)
vim.cmd(ok and 'qall!' or 'cquit 1')
