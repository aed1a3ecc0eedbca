package fivetran.connector.sdk.warehouse;

/** An operation on a row, with its name in messages and its code in the staging table's op column. */
enum OperationKind {
    UPSERT("upsert", 0),
    UPDATE("update", 1),
    DELETE("delete", 2);

    /** The operation's name, as messages give it. */
    final String messageName;
    /** The code staged for it (a UTINYINT), which the merge SQL compares. */
    final byte code;

    OperationKind(String messageName, int code) {
        this.messageName = messageName;
        this.code = (byte) code;
    }
}
