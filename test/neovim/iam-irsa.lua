-- iam-irsa in Neovim 0.7 or later, as the README shows it: one language server per working directory,
-- attached to every JSON, YAML, shell (sh; bash in newer Neovim) and Terraform buffer.
local clients = {}

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'json', 'yaml', 'sh', 'bash', 'terraform' },
  callback = function(args)
    local root = vim.fn.getcwd()
    if not clients[root] then
      clients[root] = vim.lsp.start_client({
        name = 'iam-irsa',
        cmd = { 'iam-irsa-language-server', '--stdio' },
        root_dir = root,
      })
    end
    if clients[root] then vim.lsp.buf_attach_client(args.buf, clients[root]) end
  end,
})
