using InvestChn.Publisher.Commands;

return await PublisherCli.InvokeAsync(args);
