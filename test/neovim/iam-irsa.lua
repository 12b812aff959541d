-- iam-irsa in Neovim 0.7 or later, as the README shows it: one language server per working directory,
-- attached to every JSON, YAML, shell and Terraform buffer. (Neovim 0.10+ can use vim.lsp.start instead.)
local clients = {}

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'json', 'yaml', 'sh', 'terraform' },
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
