package ledger.gateway.notification;

/**
 * The CloudPayments notification parameter names this package reads, spelled exactly as CloudPayments sends
 * them (PROTOCOL.md §2). One place for the spellings, so that a typo cannot silently turn a present field
 * into an absent one.
 */
final class CloudPaymentsField {

    static final String TRANSACTION_ID = "TransactionId";
    static final String AMOUNT = "Amount";
    static final String CURRENCY = "Currency";
    static final String PAYMENT_AMOUNT = "PaymentAmount";
    static final String PAYMENT_CURRENCY = "PaymentCurrency";
    static final String DATE_TIME = "DateTime";
    static final String TEST_MODE = "TestMode";
    static final String STATUS = "Status";
    static final String OPERATION_TYPE = "OperationType";
    static final String INVOICE_ID = "InvoiceId";
    static final String ACCOUNT_ID = "AccountId";
    static final String SUBSCRIPTION_ID = "SubscriptionId";

    static final String CARD_FIRST_SIX = "CardFirstSix";
    static final String CARD_LAST_FOUR = "CardLastFour";
    static final String CARD_TYPE = "CardType";
    static final String CARD_EXP_DATE = "CardExpDate";
    static final String ISSUER = "Issuer";
    static final String ISSUER_BANK_COUNTRY = "IssuerBankCountry";
    static final String CARD_PRODUCT = "CardProduct";

    static final String GATEWAY_NAME = "GatewayName";
    static final String AUTH_CODE = "AuthCode";
    static final String RRN = "Rrn";
    static final String TOTAL_FEE = "TotalFee";
    static final String VAT_ABOVE_TOTAL_FEE = "VatAboveTotalFee";
    static final String PROCESSOR_AND_PARTNER_FEE = "ProcessorAndPartnerFee";
    static final String VAT_WITHIN_PROCESSOR_FEE = "VatWithinProcessorFee";
    static final String REASON = "Reason";
    static final String REASON_CODE = "ReasonCode";
    static final String DESCRIPTION = "Description";
    static final String PAYMENT_METHOD = "PaymentMethod";
    static final String FALLBACK_DECLINED_TRANSACTION_ID = "FallBackScenarioDeclinedTransactionId";
    static final String PAYMENT_TRANSACTION_ID = "PaymentTransactionId";
    static final String DATA = "Data";

    // Recurrent (subscription status change) notifications.
    static final String ID = "Id";
    static final String REQUIRE_CONFIRMATION = "RequireConfirmation";
    static final String START_DATE = "StartDate";
    static final String INTERVAL = "Interval";
    static final String PERIOD = "Period";
    static final String MAX_PERIODS = "MaxPeriods";
    static final String SUCCESSFUL_TRANSACTIONS_NUMBER = "SuccessfulTransactionsNumber";
    static final String FAILED_TRANSACTIONS_NUMBER = "FailedTransactionsNumber";
    static final String LAST_TRANSACTION_DATE = "LastTransactionDate";
    static final String NEXT_TRANSACTION_DATE = "NextTransactionDate";

    private CloudPaymentsField() {
    }
}
