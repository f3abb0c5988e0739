-- Ferry demo database: a small sales schema written for this project that exercises what
-- SQL Server users have (every common type, identity, computed columns, defaults, checks,
-- composite and self-referencing FKs with cascades, filtered and included-column indexes,
-- a view, a function, a procedure, a trigger, Unicode names, a table with a space in its name).
--
-- Data is generated deterministically. The scale is a sqlcmd variable:
--   sqlcmd -S host -d FerryDemo -v scale=1 -i demo.sql     (scale 1 = about 900,000 rows;
--   fractions work too: scale=0.01 makes 1% of the rows)
-- datetime2(7)/time(7)/datetimeoffset(7) values are whole microseconds: PostgreSQL keeps 6 fractional
-- digits, and Ferry stops on a 100 ns digit it would lose (load.onError 'fix' truncates it with a warning).
-- GENERATE_SERIES needs SQL Server 2022 / Azure SQL Database.

SET NOCOUNT ON
GO
CREATE SCHEMA sales
GO

CREATE TABLE sales.Region (
    RegionID    tinyint       NOT NULL CONSTRAINT PK_Region PRIMARY KEY,
    Name        nvarchar(50)  NOT NULL CONSTRAINT UQ_Region_Name UNIQUE
)
GO

CREATE TABLE sales.Customer (
    CustomerID  int IDENTITY(1000, 1) NOT NULL CONSTRAINT PK_Customer PRIMARY KEY CLUSTERED,
    Code        char(8)        NOT NULL,
    Name        nvarchar(100)  NOT NULL,
    Email       varchar(320)   NULL,
    CreditLimit money          NOT NULL CONSTRAINT DF_Customer_CreditLimit DEFAULT (0),
    IsActive    bit            NOT NULL CONSTRAINT DF_Customer_IsActive DEFAULT (1),
    CreatedAt   datetime2(7)   NOT NULL CONSTRAINT DF_Customer_CreatedAt DEFAULT (SYSDATETIME()),
    RegionID    tinyint        NULL CONSTRAINT FK_Customer_Region REFERENCES sales.Region (RegionID),
    ReferredBy  int            NULL,
    RowGuid     uniqueidentifier NOT NULL CONSTRAINT DF_Customer_RowGuid DEFAULT (NEWID()),
    Notes       nvarchar(max)  NULL,
    CONSTRAINT UQ_Customer_Code UNIQUE (Code),
    CONSTRAINT CK_Customer_CreditLimit CHECK (CreditLimit >= 0),
    CONSTRAINT FK_Customer_ReferredBy FOREIGN KEY (ReferredBy) REFERENCES sales.Customer (CustomerID)
)
GO

CREATE TABLE sales.Product (
    ProductID    int            NOT NULL CONSTRAINT PK_Product PRIMARY KEY,
    Sku          varchar(20)    NOT NULL,
    Name         nvarchar(200)  NOT NULL,
    Price        decimal(38,10) NOT NULL,
    Weight       real           NULL,
    Ratio        float          NULL,
    Discontinued bit            NOT NULL CONSTRAINT DF_Product_Discontinued DEFAULT (0),
    Created      smalldatetime  NOT NULL,
    LastAudit    datetime       NULL,
    OpensAt      time(7)        NULL,
    Photo        varbinary(max) NULL,
    Spec         xml            NULL,
    CONSTRAINT CK_Product_Price CHECK (Price >= 0)
)
GO

CREATE TABLE sales.[Order] (
    OrderID     bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Order PRIMARY KEY,
    CustomerID  int             NOT NULL,
    OrderDate   date            NOT NULL,
    ShippedAt   datetimeoffset(7) NULL,
    Status      varchar(10)     NOT NULL CONSTRAINT DF_Order_Status DEFAULT ('new'),
    Total       decimal(19,4)   NOT NULL,
    Discount    decimal(5,4)    NOT NULL CONSTRAINT DF_Order_Discount DEFAULT (0),
    Version     rowversion,
    CONSTRAINT CK_Order_Status CHECK (Status IN ('new', 'shipped', 'cancelled')),
    CONSTRAINT FK_Order_Customer FOREIGN KEY (CustomerID) REFERENCES sales.Customer (CustomerID) ON DELETE CASCADE
)
GO

CREATE TABLE sales.[Order Line] (
    OrderID     bigint     NOT NULL,
    LineNumber      smallint   NOT NULL,
    ProductID   int        NOT NULL,
    Quantity    int        NOT NULL,
    UnitPrice   smallmoney NOT NULL,
    LineTotal   AS (Quantity * UnitPrice) PERSISTED,
    CONSTRAINT PK_Order_Line PRIMARY KEY (OrderID, LineNumber),
    CONSTRAINT CK_Order_Line_Quantity CHECK (Quantity > 0),
    CONSTRAINT FK_Order_Line_Order FOREIGN KEY (OrderID) REFERENCES sales.[Order] (OrderID) ON DELETE CASCADE,
    CONSTRAINT FK_Order_Line_Product FOREIGN KEY (ProductID) REFERENCES sales.Product (ProductID)
)
GO

CREATE TABLE sales.Shipment (
    ShipmentID  int IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Shipment PRIMARY KEY,
    OrderID     bigint     NOT NULL,
    LineNumber      smallint   NOT NULL,
    Carrier     nvarchar(40) NOT NULL,
    CONSTRAINT FK_Shipment_Order_Line FOREIGN KEY (OrderID, LineNumber)
        REFERENCES sales.[Order Line] (OrderID, LineNumber) ON DELETE CASCADE ON UPDATE CASCADE
)
GO

-- Unicode names: a German table and columns.
CREATE TABLE sales.[Straße] (
    [StraßeID]  int           NOT NULL CONSTRAINT [PK_Straße] PRIMARY KEY,
    [Größe]     nvarchar(30)  NOT NULL,
    [Città]     nvarchar(60)  NULL
)
GO

CREATE TABLE sales.OrderAudit (
    AuditID     int IDENTITY(1, 1) NOT NULL CONSTRAINT PK_OrderAudit PRIMARY KEY,
    OrderID     bigint       NOT NULL,
    OldStatus   varchar(10)  NULL,
    NewStatus   varchar(10)  NULL,
    ChangedAt   datetime2(3) NOT NULL CONSTRAINT DF_OrderAudit_ChangedAt DEFAULT (SYSDATETIME())
)
GO

CREATE INDEX IX_Customer_Region ON sales.Customer (RegionID) INCLUDE (Name)
GO
CREATE INDEX IX_Order_Open ON sales.[Order] (OrderDate DESC) INCLUDE (Total) WHERE Status = 'new'
GO
CREATE UNIQUE INDEX UX_Product_Sku ON sales.Product (Sku)
GO

CREATE VIEW sales.CustomerTotals
AS
SELECT c.CustomerID, c.Name, COUNT_BIG(*) AS Orders, SUM(o.Total) AS Total
FROM sales.Customer AS c
INNER JOIN sales.[Order] AS o ON o.CustomerID = c.CustomerID
GROUP BY c.CustomerID, c.Name
GO

CREATE FUNCTION sales.LineAmount (@Quantity int, @UnitPrice smallmoney, @Discount decimal(5,4))
RETURNS money
AS
BEGIN
    RETURN @Quantity * @UnitPrice * (1 - @Discount)
END
GO

CREATE PROCEDURE sales.CustomerOrders @CustomerID int, @Since date = NULL
AS
BEGIN
    SET NOCOUNT ON
    SELECT o.OrderID, o.OrderDate, o.Status, o.Total
    FROM sales.[Order] AS o
    WHERE o.CustomerID = @CustomerID AND (@Since IS NULL OR o.OrderDate >= @Since)
    ORDER BY o.OrderDate DESC
END
GO

CREATE TRIGGER sales.Order_StatusAudit ON sales.[Order]
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON
    INSERT INTO sales.OrderAudit (OrderID, OldStatus, NewStatus)
    SELECT i.OrderID, d.Status, i.Status
    FROM inserted AS i
    INNER JOIN deleted AS d ON d.OrderID = i.OrderID
    WHERE i.Status <> d.Status
END
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Customers of the demo shop',
    @level0type = N'SCHEMA', @level0name = N'sales', @level1type = N'TABLE', @level1name = N'Customer'
GO

-- Data ---------------------------------------------------------------------------------------

INSERT INTO sales.Region (RegionID, Name)
VALUES (1, N'North'), (2, N'South'), (3, N'East'), (4, N'West'), (5, N'Zürich & Genève')
GO

INSERT INTO sales.[Straße] ([StraßeID], [Größe], [Città])
VALUES (1, N'groß', N'Köln'), (2, N'klein', NULL), (3, N'😀 emoji', N'東京')
GO

INSERT INTO sales.Product (ProductID, Sku, Name, Price, Weight, Ratio, Discontinued, Created, LastAudit, OpensAt, Photo, Spec)
SELECT value,
       'SKU-' + RIGHT('000000' + CAST(value AS varchar(6)), 6),
       N'Product ' + CAST(value AS nvarchar(10)) + CASE WHEN value % 7 = 0 THEN N' — spécial' ELSE N'' END,
       CAST(value AS decimal(38,10)) / 7,
       CAST(value % 1000 AS real) / 8,
       CAST(value AS float) / 3,
       CASE WHEN value % 10 = 0 THEN 1 ELSE 0 END,
       DATEADD(minute, value, CAST('2020-01-01T00:00:00' AS smalldatetime)),
       CASE WHEN value % 3 = 0 THEN NULL ELSE DATEADD(millisecond, value * 7, CAST('2021-06-30T23:59:59.997' AS datetime)) END,
       DATEADD(nanosecond, value * 1000, CAST('08:00:00' AS time(7))),
       CASE WHEN value % 5 = 0 THEN CAST(REPLICATE(CAST(CHAR(value % 256) AS varchar(max)), 64) AS varbinary(max)) ELSE NULL END,
       CASE WHEN value % 4 = 0 THEN CAST(N'<spec id="' + CAST(value AS nvarchar(10)) + N'"/>' AS xml) ELSE NULL END
FROM GENERATE_SERIES(1, CAST(2000 * $(scale) AS int))
GO

INSERT INTO sales.Customer (Code, Name, Email, CreditLimit, IsActive, CreatedAt, RegionID, ReferredBy, RowGuid, Notes)
SELECT RIGHT('00000000' + CAST(value AS varchar(8)), 8),
       N'Customer ' + CAST(value AS nvarchar(10)),
       CASE WHEN value % 9 = 0 THEN NULL ELSE 'customer' + CAST(value AS varchar(10)) + '@example.com' END,
       CAST(value % 5000 AS money) * 10.5,
       CASE WHEN value % 13 = 0 THEN 0 ELSE 1 END,
       DATEADD(second, value, CAST('2019-03-01T12:00:00.1234560' AS datetime2(7))),
       CASE WHEN value % 11 = 0 THEN NULL ELSE value % 5 + 1 END,
       CASE WHEN value > 10 AND value % 4 = 0 THEN 999 + value / 2 ELSE NULL END,
       CAST(RIGHT('00000000' + CAST(value AS varchar(8)), 8) + '-1111-2222-3333-444455556666' AS uniqueidentifier),
       CASE WHEN value % 100 = 0 THEN REPLICATE(N'Long note line. ', 200) ELSE NULL END
FROM GENERATE_SERIES(1, CAST(50000 * $(scale) AS int))
GO

INSERT INTO sales.[Order] (CustomerID, OrderDate, ShippedAt, Status, Total, Discount)
SELECT 1000 + (value * 7) % CAST(50000 * $(scale) AS int),
       DATEADD(day, value % 1500, CAST('2021-01-01' AS date)),
       CASE WHEN value % 3 = 0 THEN NULL
            ELSE TODATETIMEOFFSET(DATEADD(second, value, CAST('2021-01-02T08:30:00.1234560' AS datetime2(7))), (value % 27 - 13) * 60) END,
       CASE value % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'shipped' ELSE 'cancelled' END,
       CAST(value % 100000 AS decimal(19,4)) / 3,
       CAST((value % 20) / 100.0 AS decimal(5,4))
FROM GENERATE_SERIES(1, CAST(200000 * $(scale) AS int))
GO

INSERT INTO sales.[Order Line] (OrderID, LineNumber, ProductID, Quantity, UnitPrice)
SELECT (value - 1) / 3 + 1,
       (value - 1) % 3 + 1,
       value % CAST(2000 * $(scale) AS int) + 1,
       value % 9 + 1,
       CAST(value % 1000 AS smallmoney) / 4
FROM GENERATE_SERIES(1, CAST(600000 * $(scale) AS int))
GO

INSERT INTO sales.Shipment (OrderID, LineNumber, Carrier)
SELECT value * 4, 1, CASE value % 3 WHEN 0 THEN N'DHL' WHEN 1 THEN N'UPS' ELSE N'La Poste' END
FROM GENERATE_SERIES(1, CAST(50000 * $(scale) AS int))
GO
