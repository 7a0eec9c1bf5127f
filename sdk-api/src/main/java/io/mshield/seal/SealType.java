package io.mshield.seal;

/** The kinds of enterprise seal, with their Chinese names. */
public enum SealType {
    /** 公章, the official seal. */
    OFFICIAL("公章"),
    /** 财务专用章, the finance seal. */
    FINANCE("财务专用章"),
    /** 合同专用章, the contract seal. */
    CONTRACT("合同专用章"),
    /** 发票专用章, the invoice seal. */
    INVOICE("发票专用章"),
    /** 报关专用章, the customs declaration seal. */
    CUSTOMS("报关专用章"),
    /** 法定代表人名章, the legal representative's name seal. */
    LEGAL_REPRESENTATIVE("法定代表人名章");

    private final String chinese;

    SealType(String chinese) {
        this.chinese = chinese;
    }

    /**
     * The seal type's Chinese name.
     *
     * @return e.g. 公章
     */
    public String chinese() {
        return chinese;
    }
}
