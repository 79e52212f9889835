"""The header names real exports use (Salesforce en/zh-CN, HubSpot, Zoho, 纷享销客, 销售易, 金蝶, 用友, ERP
order lists) are recognised for their field, no name belongs to two fields of one sheet, and when two
headers of one sheet name a field the stated preference picks one."""
from __future__ import annotations

import pytest

from salesreport_xl.read.header import choose_columns
from salesreport_xl.schema import CUSTOMERS, SALES, SHEETS, column_lookup, column_names, normalize_name

SEEN_IN_EXPORTS = {
    (SALES, "order_date"): "Close Date, Created Date, Order Date, Invoice Date, 结束日期, 下单日期, 订单日期, 日期, "
                           "业务日期, 单据日期, 销售日期",
    (SALES, "order_id"): "Opportunity ID, Opportunity Name, Record ID, SO Number, Sales Order No, 销售订单编号, "
                         "单据编号, 单号, 订单号",
    (SALES, "customer_id"): "Account ID, Customer Code, Customer No, 客户编码, 客户代码, 客户编号",
    (SALES, "customer_name"): "Account Name, Company, Associated Company, 客户名称, 客户, 客户名",
    (SALES, "product"): "Product Name, Item, Item Name, Associated Product, 物料名称, 产品名称, 商品名称, 品名, 料品",
    (SALES, "category"): "Product Family, Product Line, Product Category, Item Group, 物料分组, 产品线, 产品分类, "
                         "产品类别, 商品类别",
    (SALES, "channel"): "Lead Source, Sales Channel, Source, 客户来源, 渠道, 销售渠道",
    (SALES, "sales_rep"): "Opportunity Owner, Deal Owner, Owner, Sales Order Owner, Salesperson, 业务机会所有人, "
                          "商机所有人, 负责人, 销售员, 业务员, 销售人员",
    (SALES, "quantity"): "Quantity, Qty, 销售数量, 数量",
    (SALES, "amount"): "Amount, Total Price, Grand Total, Sales, Revenue, Net Amount, 销售订单金额(元), 产品合计, "
                       "价税合计, 金额, 销售额",
    (CUSTOMERS, "segment"): "Type, Account Type, Customer Level, 客户级别, 客户类型, 客户分类",
    (CUSTOMERS, "region"): "Region, Territory, Sales Region, 所属区域, 区域, 地区",
}


@pytest.mark.parametrize("sheet, field", list(SEEN_IN_EXPORTS), ids=[f for _, f in SEEN_IN_EXPORTS])
def test_names_seen_in_exports_are_recognised(sheet, field):
    lookup = column_lookup(sheet)
    for name in SEEN_IN_EXPORTS[(sheet, field)].split(", "):
        assert lookup[normalize_name(name)].key == field, name


def test_no_header_name_belongs_to_two_fields_of_a_sheet():
    for sheet in SHEETS:
        owner: dict[str, str] = {}
        for c in sheet.columns:
            for n in column_names(c):
                assert owner.setdefault(n, c.key) == c.key, (sheet.key, n, owner[n], c.key)


@pytest.mark.parametrize("header, field, read, left", [
    (["Amount", "Total Price"], "amount", "Total Price", "Amount"),   # a product-line report: the line's own total
    (["价税合计", "金额"], "amount", "金额", "价税合计"),                # net before gross with tax
    (["Created Date", "Close Date"], "order_date", "Close Date", "Created Date"),
    (["Opportunity Name", "Opportunity ID"], "order_id", "Opportunity ID", "Opportunity Name"),
    (["Order Date", "日期"], "order_date", "Order Date", "日期"),       # the template's own name first
])
def test_two_headers_for_one_field_the_preferred_one_is_read(header, field, read, left):
    # the field is written out here, not looked up through the code under test
    choice = choose_columns(header, SALES)
    assert header[choice.used[field]] == read
    assert [header[j] for j in choice.left[field]] == [left]


def test_a_mapped_header_wins_over_every_recognised_one():
    choice = choose_columns(["Total Price", "Amount", "Umsatz"], SALES, {normalize_name("Umsatz"): "amount"})
    assert choice.used["amount"] == 2 and choice.mapped == {"amount"} and choice.left["amount"] == (0, 1)
