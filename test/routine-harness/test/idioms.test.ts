import { describe, it } from 'vitest';
import { getTestPostgres } from '@ferry/test-harness/vitest';
import { IDIOMS_DATABASE, figures, formatFigures, formatTable, runHarness } from '../src/index.js';
import { expectHarnessOutcome } from './expect-outcome.js';

// The idioms fixture (idioms/*.sql: T-SQL written the way line-of-business databases are) through the
// routine harness: loaded into one emulator, migrated by Ferry into one PostgreSQL database, every
// view and routine run on both sides. The objects listed return the same results on both sides
// today; a conversion that stops doing so fails here. The figures are printed.
const KNOWN_EQUAL = [
  'dbo.UnitAncestors',
  'dbo.ResumeNames',
  'dbo.ResumeSkills',
  'dbo.QuarterlySales',
  'Sales.UnitsByStatus',
  'Sales.OrdersPage',
  'Sales.CustomerSummary',
  'dbo.SafeInt',
  'dbo.Fibonacci',
  'dbo.DiscontinueFood',
  'Sales.CustomerFlags',
  'dbo.MonthEnds',
  'Sales.CategoryProducts',
  'Sales.CustomerLatestOrder',
  'Sales.ProductNumbers',
  'Sales.ShippedOrderFirstLine',
  'dbo.TransferStock',
  'dbo.UpsertMonthlySales',
  'Sales.CustomerTier',
  'Sales.LineAmount',
  'Sales.ProductsByCategory',
  'Sales.RegionReport',
  'Sales.SalesRollup',
  'Sales.CustomerOrdersJson',
  'Sales.CustomersDocument',
  'Sales.ProductJson',
  'Sales.RegionCustomers',
  'dbo.CheckCredit',
  'dbo.DaysOfMonth',
  'dbo.ErrorDetails',
  'Sales.ParseOrderDocument',
  'dbo.JsonProperties',
  'Sales.ProductDocuments',
  'Sales.CategoryLists',
  'dbo.CountRows',
  'dbo.OrgChart',
  'dbo.UnitsUnder',
  'dbo.MovedPaths',
  'dbo.ProductSpecValues',
  'dbo.SpecsWithColor',
  'dbo.CatalogChecks',
  'dbo.LogMessage',
  'dbo.ArchiveStaging',
  'dbo.PartialRestock',
  'dbo.RestockOrSkip',
  'Sales.CustomerProducts',
  'Sales.OrderRanking',
  'Sales.OrderTotals',
  'Sales.InvoiceShippedOrders',
  'Sales.OrderProductList',
  'dbo.RepriceAndPurge',
  'Sales.TopProducts',
  'dbo.FirstOfMonth',
  'Sales.ProductStrings',
  'dbo.ParseInputs',
  'dbo.SplitCodes',
  'dbo.CountShippedTwice',
  'Sales.ProductDifferences',
  'dbo.ApplyPriceStaging',
  'dbo.SyncInventory',
  'dbo.RefreshMonthlySales',
  'dbo.PruneStaging',
  'Sales.CustomerOrderTree',
  'Sales.StockOf',
  'Sales.ProductStockJson',
  'Sales.AddOrder',
  'dbo.PackingSlipLines',
  'dbo.LinesPerDocument',
  'dbo.DescribePackingSlip',
  'dbo.QuoteReorders',
  'Sales.CustomerOrderStats',
  'Sales.MarkedLines',
  'Sales.CustomerStatusStats',
  'Sales.LargestLines',
  'Sales.OrderKeys',
  'dbo.DiscountCategory',
  'Sales.LinesAtLeast',
  'Sales.TablesNamed',
  'Sales.CustomerOrderCount',
  'Sales.CustomersWithOrderCount',
  'dbo.CustomerOrderCount',
  'dbo.LevelTotal',
  'Sales.LogOwnName',
  'Sales.CatalogXml',
];

describe('idioms fixture: results on SQL Server and on PostgreSQL', () => {
  it('every view and routine is run and reported; the known ones return equal results', async () => {
    const outcome = await runHarness(IDIOMS_DATABASE, getTestPostgres().url);
    // Printed first, so that a failing run shows the whole table.
    console.log(`${formatTable(outcome)}\n${formatFigures('idioms', figures(outcome.objects))}`);
    expectHarnessOutcome(outcome, KNOWN_EQUAL);
  });
});
