// Generated from the platform's OpenAPI document by scripts/generate-api.mjs.
// Do not edit: run `npm run api:generate` (the end-to-end tests check it is current).

export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys that verify access tokens */
        get: operations["jwks__well_known_jwks_json_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Discovery document (issuer and JWKS location) */
        get: operations["discovery__well_known_openid_configuration_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/analytics/learning": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active students, attempts, solve and hint rates, time to mastery, broken items */
        get: operations["learning_analytics_api_v1_admin_analytics_learning_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first */
        get: operations["audit_log_api_v1_admin_audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find users */
        get: operations["list_users_api_v1_admin_users_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: operations["get_user_api_v1_admin_users__user_id__get"];
        put?: never;
        post?: never;
        /** Erase a user's account and data in every service */
        delete: operations["erase_user_api_v1_admin_users__user_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{user_id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a user's role (their sessions end) */
        put: operations["set_role_api_v1_admin_users__user_id__role_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{user_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Disable or re-enable an account */
        put: operations["set_status_api_v1_admin_users__user_id__status_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer an item: the verdict, feedback, misconception and updated mastery
         * @description Send a new `Idempotency-Key` for each answer. Retrying with the same key returns the stored result (200) and records nothing more; the same key with a different body is a 409. An answer nested deeper than the checker reads (dozens of fractions, roots or brackets inside each other) is refused with a 422 `answer-too-deep` problem.
         */
        post: operations["submit_attempt_api_v1_attempts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attempts/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload attempts recorded offline (idempotent by client id, any order)
         * @description Each attempt is recorded at most once, keyed by its `client_id`; resending a batch reports `duplicate` for those already stored. Mastery of the skills touched is recomputed in answer-time order, so the order of uploads does not matter. An attempt that cannot be recorded (an unknown item, an answer nested too deeply to check) is reported `rejected` with its reason; the rest of the batch is still recorded.
         */
        post: operations["sync_attempts_api_v1_attempts_sync_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/firebase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a Firebase Authentication ID token (account made on first sight) */
        post: operations["firebase_api_v1_auth_firebase_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session this refresh token belongs to */
        post: operations["logout_api_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a school's OpenID Connect ID token (account made on first sight) */
        post: operations["oidc_api_v1_auth_oidc__provider__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/parental-consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A parent consents to their under-13 child's account (activates it, links them) */
        post: operations["parental_consent_api_v1_auth_parental_consent_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a password reset code (the same answer for unknown addresses) */
        post: operations["password_reset_api_v1_auth_password_reset_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset code; every session is signed out */
        post: operations["password_reset_confirm_api_v1_auth_password_reset_confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for new tokens (rotation; reuse ends the session) */
        post: operations["refresh_api_v1_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (the answer is the same whether or not the email is taken) */
        post: operations["register_api_v1_auth_register_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password (and a TOTP or recovery code when MFA is on) */
        post: operations["token_api_v1_auth_token_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with the code that was emailed */
        post: operations["verify_email_api_v1_auth_verify_email_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a hosted checkout; returns where to send the buyer */
        post: operations["checkout_api_v1_billing_checkout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/entitlements/{student_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a user's plan includes (self, teacher, parent, admin or a service) */
        get: operations["entitlements_api_v1_billing_entitlements__student_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/entitlements/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the caller's plan includes */
        get: operations["my_entitlements_api_v1_billing_entitlements_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plans, prices and what each includes */
        get: operations["list_plans_api_v1_billing_plans_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/sandbox/checkout/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sandbox's hosted checkout page */
        get: operations["checkout_page_api_v1_billing_sandbox_checkout__session_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/sandbox/checkout/{session_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay on the sandbox checkout page (the paying account, or an administrator) */
        post: operations["complete_api_v1_billing_sandbox_checkout__session_id__complete_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/sandbox/portal/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sandbox's customer portal page */
        get: operations["portal_page_api_v1_billing_sandbox_portal__customer_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/sandbox/subscriptions/{provider_subscription_id}/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make the sandbox act as the provider would (the paying account, or an admin) */
        post: operations["simulate_api_v1_billing_sandbox_subscriptions__provider_subscription_id__simulate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscriptions the caller pays for or is covered by */
        get: operations["my_subscriptions_api_v1_billing_subscription_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscriptions/{subscription_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel at the end of the paid period */
        post: operations["cancel_api_v1_billing_subscriptions__subscription_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscriptions/{subscription_id}/change-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move to another plan or interval */
        post: operations["change_api_v1_billing_subscriptions__subscription_id__change_plan_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscriptions/{subscription_id}/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A link to the provider's customer portal (payment method, invoices) */
        get: operations["portal_api_v1_billing_subscriptions__subscription_id__portal_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscriptions/{subscription_id}/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-read a subscription and its payments from the provider (administrators) */
        post: operations["reconcile_one_api_v1_billing_subscriptions__subscription_id__reconcile_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscriptions/{subscription_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo a cancellation before the period ends */
        post: operations["resume_api_v1_billing_subscriptions__subscription_id__resume_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/webhooks/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Provider webhook endpoint (authenticated by the provider's signature) */
        post: operations["webhook_api_v1_billing_webhooks__provider__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My classes (a teacher's own, or a student's joined) */
        get: operations["my_classes_api_v1_classes_get"];
        put?: never;
        /** Create a class (as many as the teacher's plan includes) */
        post: operations["create_class_api_v1_classes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{class_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A class and its students (its teacher only) */
        get: operations["get_class_api_v1_classes__class_id__get"];
        put?: never;
        post?: never;
        /** Archive the class (its students leave it) */
        delete: operations["archive_api_v1_classes__class_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{class_id}/join-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the class's join code (the old one stops working) */
        post: operations["new_code_api_v1_classes__class_id__join_code_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{class_id}/students/{student_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a student from the class */
        delete: operations["remove_student_api_v1_classes__class_id__students__student_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join a class with its join code */
        post: operations["join_api_v1_classes_join_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/rosters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Several classes with their students, in one call (their teacher, or an admin) */
        get: operations["rosters_api_v1_classes_rosters_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/dev/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Development only: emails the embedded adapter would have sent (administrators) */
        get: operations["dev_outbox_api_v1_identity_dev_outbox_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/privacy/{request_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A service confirms it erased a user's data */
        post: operations["confirm_erasure_api_v1_identity_privacy__request_id__confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/privacy/{request_id}/contribute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A service contributes its part of a user's data export */
        post: operations["contribute_export_api_v1_identity_privacy__request_id__contribute_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/relations/classes/{class_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the caller relates to a class (teacher, member, none) */
        get: operations["class_relation_api_v1_identity_relations_classes__class_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/relations/students": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the caller relates to each of several students, in one call */
        get: operations["many_student_relations_api_v1_identity_relations_students_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/relations/students/{student_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the caller relates to a student (self, teacher, parent) */
        get: operations["student_relations_api_v1_identity_relations_students__student_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/revocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users whose access tokens issued before a time are refused (services load it) */
        get: operations["access_revocations_api_v1_identity_revocations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/service-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A short-lived token for a platform service (HMAC of the deployment secret) */
        post: operations["service_token_api_v1_identity_service_token_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An item to practise: its question, never its answer or solution */
        get: operations["get_item_api_v1_items__item_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/learning/internal/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An item with its answer, worked solution and hints (services only) */
        get: operations["tutor_item_api_v1_learning_internal_items__item_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/learning/internal/students/{student_id}/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A student's mastery, misconceptions and feedback notes (services only) */
        get: operations["student_context_api_v1_learning_internal_students__student_id__context_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/learning/internal/students/{student_id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A student's feedback notes, newest first (services only) */
        get: operations["feedback_api_v1_learning_internal_students__student_id__feedback_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/learning/parents/me/children": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A parent's linked children: dashboard and (with the plan feature) weekly summary */
        get: operations["my_children_api_v1_learning_parents_me_children_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My links (a parent's children, or a child's parents) */
        get: operations["my_links_api_v1_links_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/links/{link_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a link (either the parent or the child may) */
        delete: operations["unlink_api_v1_links__link_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/links/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A student accepts a parent's invitation */
        post: operations["accept_api_v1_links_accept_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/links/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A parent creates an invitation code for their child to accept */
        post: operations["invite_api_v1_links_invitations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I */
        get: operations["me_api_v1_me_get"];
        put?: never;
        post?: never;
        /** Erase my account and my data in every service (needs my current password) */
        delete: operations["erase_me_api_v1_me_delete"];
        options?: never;
        head?: never;
        /** Change my display name or marketing choice */
        patch: operations["patch_me_api_v1_me_patch"];
        trace?: never;
    };
    "/api/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an export of all my data (JSON archive assembled from every service) */
        post: operations["export_me_api_v1_me_export_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/export/{request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My export: its status and the archive (complete once every service answered) */
        get: operations["get_export_api_v1_me_export__request_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-step sign-in off (not allowed for administrators) */
        post: operations["disable_mfa_api_v1_me_mfa_disable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace my recovery codes (needs a current TOTP code) */
        post: operations["regenerate_codes_api_v1_me_mfa_recovery_codes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start two-step sign-in: a TOTP secret to add to an authenticator app */
        post: operations["start_totp_api_v1_me_mfa_totp_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-step sign-in on with a first code; returns one-time recovery codes */
        post: operations["confirm_totp_api_v1_me_mfa_totp_confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Modules of the published curriculum */
        get: operations["list_modules_api_v1_modules_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules/{module_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One module */
        get: operations["get_module_api_v1_modules__module_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules/{module_id}/lessons/{lesson_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One lesson of a module, with its text (Markdown) */
        get: operations["get_lesson_api_v1_modules__module_id__lessons__lesson_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every learning pathway (and whether you are on it) */
        get: operations["list_pathways_api_v1_pathways_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{pathway_id}/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enrol on a pathway (idempotent: enrolling twice answers 200) */
        post: operations["enrol_api_v1_pathways__pathway_id__enrolment_post"];
        /** Leave a pathway (your progress is kept) */
        delete: operations["leave_api_v1_pathways__pathway_id__enrolment_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/skills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Skills of the published curriculum */
        get: operations["list_skills_api_v1_skills_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/skills/{skill_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One skill */
        get: operations["get_skill_api_v1_skills__skill_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Assignments set to the student's classes, with progress on each */
        get: operations["student_assignments_api_v1_students__student_id__assignments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mastery by skill and module, streak, time spent, recent activity */
        get: operations["dashboard_api_v1_students__student_id__dashboard_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Feedback notes, newest first */
        get: operations["list_feedback_api_v1_students__student_id__feedback_get"];
        put?: never;
        /** Leave a feedback note on a student (teachers and parents); the tutor reads them */
        post: operations["add_feedback_api_v1_students__student_id__feedback_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/mastery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mastery per skill (all practised skills, or the ones asked for) */
        get: operations["student_mastery_api_v1_students__student_id__mastery_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recommended next activity, with the reason in words (`me` only) */
        get: operations["next_activity_api_v1_students__student_id__next_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Spaced reviews, soonest first */
        get: operations["student_reviews_api_v1_students__student_id__reviews_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{student_id}/weekly-summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last seven days in brief (parents need a plan with weekly reports) */
        get: operations["weekly_summary_api_v1_students__student_id__weekly_summary_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mastery per skill and per pathway for several students (`?student_id=` repeated) */
        get: operations["students_progress_api_v1_students_progress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teaching/classes/{class_id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A class's assignments */
        get: operations["list_assignments_api_v1_teaching_classes__class_id__assignments_get"];
        put?: never;
        /** Assign a module, skills or items to a class with a due date */
        post: operations["create_assignment_api_v1_teaching_classes__class_id__assignments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teaching/classes/{class_id}/assignments/{assignment_id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each student's progress on one assignment (attempts on any of its items count) */
        get: operations["assignment_progress_api_v1_teaching_classes__class_id__assignments__assignment_id__progress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teaching/classes/{class_id}/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mastery per student and skill, who is stuck, the commonest misconceptions */
        get: operations["class_overview_api_v1_teaching_classes__class_id__overview_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/experiments/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Outcomes of an A/B experiment of tutor configurations, by arm (administrators)
         * @description Per arm: students, sessions, the share solved, the share solved among sessions that
         *     needed hints, and hints per solve, with 95% intervals. Each student stays in one arm (a
         *     hash of the experiment and the student), so arms compare students, not sessions.
         */
        get: operations["experiment_api_v1_tutor_experiments__name__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a tutoring session on an item or a typed problem */
        post: operations["start_session_api_v1_tutor_sessions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A session's transcript */
        get: operations["transcript_api_v1_tutor_sessions__session_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/sessions/{session_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the student's message; the reply as JSON, or as server-sent events
         * @description Send the student's message and get the tutor's reply: JSON by default, or server-sent events
         *     with `Accept: text/event-stream`, released as the language model writes it. Every piece of
         *     text is checked by the guard (with everything released before it) before it is sent.
         *
         *     Events, in order (each `data` is one JSON object):
         *
         *     - `meta` (once, first): `turn`, `kind`, `intent`, `rung`, `rung_name`, `verdict`,
         *       `misconception`.
         *     - `delta` (any number): `{"text": ...}`, append to the reply shown.
         *     - `replace` (at most once in practice): `{"text", "reason", "voice"}`; discard the reply
         *       shown and show `text` instead (`reason`: `guard`, the model's next words failed the
         *       guard; `provider`, the model failed mid-reply; `failure`, the turn itself failed).
         *       Later `delta`s append to it.
         *     - `done` (last): the reply as stored (the JSON reply's fields, `text` included, with
         *       `usage`), plus `replaced`, `first_token_ms`, `first_segment_ms`. Only `done` means the
         *       turn is recorded; the transcript then holds exactly `text`.
         *     - `error` (last, instead of `done`): a problem object; the turn was not recorded, so send
         *       the message again with the same `Idempotency-Key`.
         */
        post: operations["send_message_api_v1_tutor_sessions__session_id__messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/students/{student_id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A student's tutoring sessions (the student, their teachers and parents) */
        get: operations["student_sessions_api_v1_tutor_students__student_id__sessions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AcceptedOut */
        AcceptedOut: {
            /** Detail */
            detail: string;
        };
        /** ActivityOut */
        ActivityOut: {
            /**
             * Answered At
             * Format: date-time
             */
            answered_at: string;
            /** Attempt Id */
            attempt_id: string;
            /** Correct */
            correct: boolean;
            /** Item Id */
            item_id: string;
            /** Misconception */
            misconception: string | null;
            /** Skill Names */
            skill_names: string[];
            /** Skills */
            skills: string[];
            /** Status */
            status: string;
        };
        /** AnalyticsOut */
        AnalyticsOut: {
            /** Active Students */
            active_students: number;
            /** Attempts */
            attempts: number;
            /** Broken Items */
            broken_items: components["schemas"]["BrokenItem"][];
            /** Days */
            days: components["schemas"]["DayActivity"][];
            /** Items */
            items: components["schemas"]["RateRow"][];
            /** Median Attempts To Mastery */
            median_attempts_to_mastery: number | null;
            /** Median Days To Mastery */
            median_days_to_mastery: number | null;
            /**
             * Since
             * Format: date
             */
            since: string;
            /** Skills */
            skills: components["schemas"]["RateRow"][];
        };
        /** ArmOutcome */
        ArmOutcome: {
            /** Arm */
            arm: string;
            /** Cost Usd */
            cost_usd: number;
            /** Hints Per Solve */
            hints_per_solve: number;
            /** Hints Per Solve Ci95 */
            hints_per_solve_ci95: [
                number,
                number
            ];
            /** Sessions */
            sessions: number;
            /** Sessions With Hints */
            sessions_with_hints: number;
            /** Solved */
            solved: number;
            /** Solved After Hints */
            solved_after_hints: number;
            /** Solved After Hints Ci95 */
            solved_after_hints_ci95: [
                number,
                number
            ];
            /** Solved After Hints Rate */
            solved_after_hints_rate: number;
            /** Solved Rate */
            solved_rate: number;
            /** Solved Rate Ci95 */
            solved_rate_ci95: [
                number,
                number
            ];
            /** Students */
            students: number;
            /** Turns */
            turns: number;
        };
        /** AssignmentClassProgress */
        AssignmentClassProgress: {
            assignment: components["schemas"]["AssignmentOut"];
            /** Students */
            students: components["schemas"]["StudentAssignmentProgress"][];
        };
        /** AssignmentIn */
        AssignmentIn: {
            /**
             * Due At
             * Format: date-time
             */
            due_at: string;
            /** Target Ids */
            target_ids: string[];
            /**
             * Target Kind
             * @enum {string}
             */
            target_kind: "module" | "skills" | "items";
            /** Title */
            title: string;
        };
        /** AssignmentOut */
        AssignmentOut: {
            /** Class Id */
            class_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Due At
             * Format: date-time
             */
            due_at: string;
            /** Id */
            id: string;
            /** Skills */
            skills: string[];
            /** Target Ids */
            target_ids: string[];
            /** Target Kind */
            target_kind: string;
            /** Teacher Id */
            teacher_id: string;
            /** Title */
            title: string;
        };
        /** AssignmentProgress */
        AssignmentProgress: {
            assignment: components["schemas"]["AssignmentOut"];
            /**
             * Attempts
             * @description Attempts on those items, whenever made
             */
            attempts: number;
            /**
             * Complete
             * @description Items: every target attempted; a module or skills: every skill mastered
             */
            complete: boolean;
            /**
             * Correct
             * @description Of those attempts, the correct ones
             */
            correct: number;
            /**
             * Items Attempted
             * @description Distinct items of the assignment attempted (a module: its items; skills: every item practising them; items: the targets)
             */
            items_attempted: number;
            /** Items Total */
            items_total: number;
            /** Overdue */
            overdue: boolean;
            /** Skills Mastered */
            skills_mastered: number;
            /** Skills Total */
            skills_total: number;
        };
        /** AttemptIn */
        AttemptIn: {
            /** Answer */
            answer: string;
            /** Content Version */
            content_version?: string | null;
            /** Duration Ms */
            duration_ms?: number | null;
            /**
             * Hints Used
             * @default 0
             */
            hints_used?: number;
            /** Item Id */
            item_id: string;
            /** Part */
            part?: string | null;
            /**
             * Saw Solution
             * @default false
             */
            saw_solution?: boolean;
            /** Seed */
            seed?: number | null;
            /**
             * Tutor Help
             * @default false
             */
            tutor_help?: boolean;
        };
        /** AttemptOut */
        AttemptOut: {
            /**
             * Answered At
             * Format: date-time
             */
            answered_at: string;
            /** Attempt Id */
            attempt_id: string;
            /** Content Version */
            content_version: string;
            /** Correct */
            correct: boolean;
            /** Feedback */
            feedback: string;
            /** Item Id */
            item_id: string;
            /** Mastery */
            mastery: components["schemas"]["SkillMasteryOut"][];
            /** Misconception */
            misconception: string | null;
            /** Part */
            part: string | null;
            /** Reason */
            reason: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            /** Seed */
            seed: number | null;
            /**
             * Status
             * @enum {string}
             */
            status: "correct" | "incorrect" | "unparseable" | "cannot_check";
        };
        /** AuditOut */
        AuditOut: {
            /** Action */
            action: string;
            /** Actor Id */
            actor_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Detail */
            detail: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /** Target Id */
            target_id: string | null;
        };
        /** BrokenItem */
        BrokenItem: {
            /** Attempts */
            attempts: number;
            /** Common Wrong Answer */
            common_wrong_answer?: string | null;
            /** Item Id */
            item_id: string;
            /** Solve Rate */
            solve_rate: number;
            /** Why */
            why: string;
        };
        /** ChangePlanIn */
        ChangePlanIn: {
            /**
             * Interval
             * @enum {string}
             */
            interval: "month" | "year";
            /**
             * Plan
             * @enum {string}
             */
            plan: "basic" | "premium";
        };
        /** CheckoutIn */
        CheckoutIn: {
            /**
             * Family
             * @default false
             */
            family?: boolean;
            /**
             * For User Ids
             * @description Who the plan covers: yourself (default) or your linked children.
             */
            for_user_ids?: string[] | null;
            /**
             * Interval
             * @default month
             * @enum {string}
             */
            interval?: "month" | "year";
            /**
             * Plan
             * @enum {string}
             */
            plan: "basic" | "premium";
            /**
             * Provider
             * @description Default: the first provider enabled here.
             */
            provider?: ("sandbox" | "stripe" | "paypal") | null;
            /**
             * Trial
             * @description true to start with the Premium trial (once per account; its length is the plan's `trial_days`). Only a JSON boolean: a number such as 0 or 14 is refused.
             * @default false
             */
            trial?: boolean;
        };
        /** CheckoutOut */
        CheckoutOut: {
            /** Amount Minor */
            amount_minor: number;
            /** Checkout Id */
            checkout_id: string;
            /** Currency */
            currency: string;
            /** Provider */
            provider: string;
            /** Redirect Url */
            redirect_url: string;
            /** Subscription Id */
            subscription_id: string;
            /** Trial Days */
            trial_days: number;
        };
        /** ChildSummary */
        ChildSummary: {
            dashboard: components["schemas"]["DashboardOut"];
            /** Student Id */
            student_id: string;
            summary: components["schemas"]["WeeklySummaryOut"] | null;
        };
        /** ClassDetailOut */
        ClassDetailOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Join Code */
            join_code?: string | null;
            /** Name */
            name: string;
            /** Students */
            students: components["schemas"]["StudentOut"][];
            /** Teacher Id */
            teacher_id: string;
            /** Teacher Name */
            teacher_name: string;
        };
        /** ClassIn */
        ClassIn: {
            /** Name */
            name: string;
        };
        /** ClassOut */
        ClassOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Join Code */
            join_code?: string | null;
            /** Name */
            name: string;
            /** Teacher Id */
            teacher_id: string;
            /** Teacher Name */
            teacher_name: string;
        };
        /** ClassOverviewOut */
        ClassOverviewOut: {
            /** Class Id */
            class_id: string;
            /** Misconceptions */
            misconceptions: components["schemas"]["MisconceptionCount"][];
            /** Skills */
            skills: components["schemas"]["SkillSummary"][];
            /** Stuck */
            stuck: components["schemas"]["StuckStudent"][];
            /** Students */
            students: components["schemas"]["StudentRow"][];
        };
        /** ClassRelationOut */
        ClassRelationOut: {
            /** Class Id */
            class_id: string;
            /**
             * Relation
             * @enum {string}
             */
            relation: "teacher" | "member" | "none";
            /** Viewer Id */
            viewer_id: string;
        };
        /** ClassRostersOut */
        ClassRostersOut: {
            /** Classes */
            classes: components["schemas"]["ClassDetailOut"][];
            /** Denied */
            denied: string[];
        };
        /** CodeIn */
        CodeIn: {
            /** Code */
            code: string;
        };
        /** CompletedOut */
        CompletedOut: {
            /** Provider Subscription Id */
            provider_subscription_id: string;
        };
        /** ContributionIn */
        ContributionIn: {
            /** Data */
            data?: {
                [key: string]: unknown;
            };
        };
        /** DashboardOut */
        DashboardOut: {
            /** Attempts */
            attempts: number;
            /** Days Practised */
            days_practised: number;
            /** Modules */
            modules: components["schemas"]["ModuleMasteryOut"][];
            /** Pathways */
            pathways: string[];
            /** Recent */
            recent: components["schemas"]["ActivityOut"][];
            /** Reviews Due */
            reviews_due: number;
            /** Skills */
            skills: components["schemas"]["SkillState"][];
            /** Skills Mastered */
            skills_mastered: number;
            /** Streak Days */
            streak_days: number;
            /** Student Id */
            student_id: string;
            /** Time Spent Ms */
            time_spent_ms: number;
            /** Time Spent Ms 7D */
            time_spent_ms_7d: number;
        };
        /** DayActivity */
        DayActivity: {
            /** Active Students */
            active_students: number;
            /** Attempts */
            attempts: number;
            /**
             * Day
             * Format: date
             */
            day: string;
        };
        /** EmailOut */
        EmailOut: {
            /** Body */
            body: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Subject */
            subject: string;
            /** To */
            to: string;
        };
        /**
         * Entitlements
         * @description What one user may do now, derived by billing from the best plan covering them.
         */
        Entitlements: {
            /**
             * Degraded
             * @default false
             */
            degraded?: boolean;
            /** Llm Voice */
            llm_voice: boolean;
            /** Max Pathways */
            max_pathways: number;
            /** Parent Weekly Reports */
            parent_weekly_reports: boolean;
            /**
             * Plan
             * @enum {string}
             */
            plan: "free" | "basic" | "premium";
            /** Subscription Id */
            subscription_id?: string | null;
            /** Subscription Status */
            subscription_status?: string | null;
            /** Teacher Classes */
            teacher_classes: number;
            /** Tutor Turns Per Day */
            tutor_turns_per_day: number;
            /** Upgrade Plan */
            upgrade_plan: ("basic" | "premium") | null;
            /** User Id */
            user_id: string;
            /** Valid Until */
            valid_until?: string | null;
        };
        /** ExperimentOut */
        ExperimentOut: {
            /** Active */
            active: boolean;
            /** Arms */
            arms: components["schemas"]["ArmOutcome"][];
            /** Experiment */
            experiment: string;
        };
        /** ExportOut */
        ExportOut: {
            /** Answered */
            answered: string[];
            /** Archive */
            archive: {
                [key: string]: unknown;
            };
            /** Completed At */
            completed_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expected */
            expected: string[];
            /** Id */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "export" | "erasure";
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "complete";
        };
        /** ExternalTokenIn */
        ExternalTokenIn: {
            /**
             * Accept Privacy
             * @default false
             */
            accept_privacy?: boolean;
            /**
             * Accept Terms
             * @default false
             */
            accept_terms?: boolean;
            /** Id Token */
            id_token: string;
        };
        /** FeedbackIn */
        FeedbackIn: {
            /** Body */
            body: string;
            /** Skill Id */
            skill_id?: string | null;
        };
        /** FeedbackNoteOut */
        FeedbackNoteOut: {
            /** Author Id */
            author_id: string;
            /** Author Role */
            author_role: string;
            /** Body */
            body: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Skill Id */
            skill_id: string | null;
            /** Student Id */
            student_id: string;
        };
        /** InviteAcceptIn */
        InviteAcceptIn: {
            /** Invite Code */
            invite_code: string;
        };
        /** InviteOut */
        InviteOut: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Invite Code */
            invite_code: string;
            /** Link Id */
            link_id: string;
        };
        /**
         * ItemOut
         * @description An item as a student sees it: the question, never its answer, hints or solution.
         */
        ItemOut: {
            /** Answer Form */
            answer_form: string | null;
            /** Answer Kind */
            answer_kind: string | null;
            /** Content Version */
            content_version: string;
            /** Difficulty */
            difficulty: number;
            /** Hint Count */
            hint_count: number;
            /** Id */
            id: string;
            /** Marks */
            marks: number | null;
            /** Module Id */
            module_id: string;
            /** Parametric */
            parametric: boolean;
            /** Parts */
            parts: components["schemas"]["PartOut"][] | null;
            /** Seed */
            seed: number | null;
            /** Skills */
            skills: string[];
            /** Stem */
            stem: string;
        };
        /** JoinIn */
        JoinIn: {
            /** Join Code */
            join_code: string;
        };
        /** LedgerEntryOut */
        LedgerEntryOut: {
            /** Amount Minor */
            amount_minor: number;
            /** Currency */
            currency: string;
            /** Kind */
            kind: string;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /** Provider Entry Id */
            provider_entry_id: string;
        };
        /** LessonOut */
        LessonOut: {
            /** Body */
            body: string;
            /** Id */
            id: string;
            /** Module Id */
            module_id: string;
            /** Skills */
            skills: string[];
            /** Title */
            title: string;
        };
        /** LessonSummary */
        LessonSummary: {
            /** Id */
            id: string;
            /** Skills */
            skills: string[];
            /** Title */
            title: string;
        };
        /** LinkOut */
        LinkOut: {
            /** Child Id */
            child_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Parent Id */
            parent_id: string;
            /** Status */
            status: string;
        };
        /** MeOut */
        MeOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string;
            /** Email */
            email: string | null;
            /** Email Verified */
            email_verified: boolean;
            /** Id */
            id: string;
            /** Mfa Enabled */
            mfa_enabled: boolean;
            /**
             * Role
             * @enum {string}
             */
            role: "student" | "teacher" | "parent" | "admin";
            /** Status */
            status: string;
        };
        /** MePatch */
        MePatch: {
            /** Display Name */
            display_name?: string | null;
            /** Marketing Opt In */
            marketing_opt_in?: boolean | null;
        };
        /** MisconceptionCount */
        MisconceptionCount: {
            /** Count */
            count: number;
            /** Misconception */
            misconception: string;
            /** Skills */
            skills: string[];
        };
        /** MisconceptionSeen */
        MisconceptionSeen: {
            /** Count */
            count: number;
            /**
             * Last Seen
             * Format: date-time
             */
            last_seen: string;
            /** Misconception */
            misconception: string;
        };
        /** ModuleMasteryOut */
        ModuleMasteryOut: {
            /** Mastered */
            mastered: number;
            /** Mean P Known */
            mean_p_known: number;
            /** Module Id */
            module_id: string;
            /** Skills */
            skills: number;
            /** Started */
            started: boolean;
            /** Title */
            title: string;
        };
        /** ModuleOut */
        ModuleOut: {
            /** Id */
            id: string;
            /** Items */
            items: string[];
            /** Lessons */
            lessons: components["schemas"]["LessonSummary"][];
            /** Level */
            level: string;
            /** Skills */
            skills: string[];
            /** Summary */
            summary: string;
            /** Title */
            title: string;
            /** Topic */
            topic: string;
        };
        /** NextOut */
        NextOut: {
            /**
             * Activity
             * @enum {string}
             */
            activity: "review" | "lesson" | "practice" | "done";
            /**
             * Assignment Id
             * @description The assignment this is work for
             */
            assignment_id: string | null;
            /** Assignment Title */
            assignment_title: string | null;
            /** Content Version */
            content_version: string;
            /**
             * Due At
             * @description When that assignment is due
             */
            due_at: string | null;
            /** Item Id */
            item_id: string | null;
            /** Lesson Id */
            lesson_id: string | null;
            /** Module Id */
            module_id: string | null;
            /** P Known */
            p_known: number | null;
            /** Pathway Id */
            pathway_id: string | null;
            /** Predicted Success */
            predicted_success: number | null;
            /**
             * Prerequisite Of
             * @description For a prerequisite review: the skill the student is failing that needs it
             */
            prerequisite_of: string | null;
            /**
             * Reason
             * @description Why this is next, in words the app shows the student
             */
            reason: string;
            /** Reviews Due */
            reviews_due: number;
            /**
             * Seed
             * @description For a template or generator item: the instance to show
             */
            seed?: number | null;
            /** Skill Id */
            skill_id: string | null;
            /** Skill Name */
            skill_name: string | null;
            /**
             * Source
             * @description What chose it: a teacher's assignment, a due review, a prerequisite of a skill the student is failing, the next skill on a pathway, keeping mastered skills sharp, or nothing to do
             * @enum {string}
             */
            source: "assignment" | "review" | "prerequisite" | "pathway" | "maintenance" | "none";
            /**
             * Teacher Id
             * @description Who set that assignment
             */
            teacher_id: string | null;
        };
        /** OneTimeTokenIn */
        OneTimeTokenIn: {
            /** Token */
            token: string;
        };
        /** PartOut */
        PartOut: {
            /** Answer Form */
            answer_form: string;
            /** Answer Kind */
            answer_kind: string;
            /** Label */
            label: string;
            /** Marks */
            marks: number;
            /** Prompt */
            prompt: string;
        };
        /** PasswordResetConfirmIn */
        PasswordResetConfirmIn: {
            /** Password */
            password: string;
            /** Token */
            token: string;
        };
        /** PasswordResetIn */
        PasswordResetIn: {
            /**
             * Email
             * Format: email
             */
            email: string;
        };
        /** PathwayOut */
        PathwayOut: {
            /** Description */
            description: string;
            /**
             * Enrolled
             * @default false
             */
            enrolled?: boolean;
            /** Id */
            id: string;
            /** Levels */
            levels: string[];
            /** Modules */
            modules: string[];
            /** Skills */
            skills: number;
            /** Title */
            title: string;
        };
        /** PathwayProgressOut */
        PathwayProgressOut: {
            /** Enrolled */
            enrolled: boolean;
            /** Mastered */
            mastered: number;
            /** Mean P Known */
            mean_p_known: number;
            /** Pathway Id */
            pathway_id: string;
            /** Skills */
            skills: number;
            /** Started */
            started: boolean;
            /** Title */
            title: string;
        };
        /** PlanOut */
        PlanOut: {
            /** Code */
            code: string;
            /** Family Max Children */
            family_max_children: number;
            /** Llm Voice */
            llm_voice: boolean;
            /** Max Pathways */
            max_pathways: number;
            /** Name */
            name: string;
            /** Parent Weekly Reports */
            parent_weekly_reports: boolean;
            /** Prices */
            prices: components["schemas"]["PriceOut"][];
            /** Teacher Classes */
            teacher_classes: number;
            /** Trial Days */
            trial_days: number;
            /** Tutor Turns Per Day */
            tutor_turns_per_day: number;
        };
        /** PortalOut */
        PortalOut: {
            /** Url */
            url: string;
        };
        /** PriceOut */
        PriceOut: {
            /** Amount Minor */
            amount_minor: number;
            /** Currency */
            currency: string;
            /** Family */
            family: boolean;
            /**
             * Interval
             * @enum {string}
             */
            interval: "month" | "year";
        };
        /** PrivacyRequestOut */
        PrivacyRequestOut: {
            /** Answered */
            answered: string[];
            /** Completed At */
            completed_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expected */
            expected: string[];
            /** Id */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "export" | "erasure";
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "complete";
        };
        /**
         * Problem
         * @description The body of every error response (RFC 9457).
         */
        Problem: {
            /** Detail */
            detail: string;
            /** Errors */
            errors?: {
                [key: string]: unknown;
            }[] | null;
            /** Instance */
            instance?: string | null;
            /** Request Id */
            request_id?: string | null;
            /** Status */
            status: number;
            /** Title */
            title: string;
            /** Type */
            type: string;
        };
        /** RateRow */
        RateRow: {
            /** Attempts */
            attempts: number;
            /** Hint Rate */
            hint_rate: number;
            /** Id */
            id: string;
            /** Solve Rate */
            solve_rate: number;
        };
        /**
         * ReauthIn
         * @description Proof that the person at the keyboard owns the account, for irreversible actions.
         */
        ReauthIn: {
            /** Password */
            password?: string | null;
        };
        /** ReconcileOut */
        ReconcileOut: {
            /** Balanced */
            balanced: boolean;
            /** Entries Added */
            entries_added: number;
            /** Ledger */
            ledger: components["schemas"]["LedgerEntryOut"][];
            /** Ledger Total Minor */
            ledger_total_minor: number;
            /** Provider Total Minor */
            provider_total_minor: number;
            /** Status */
            status: string;
            /** Subscription Id */
            subscription_id: string;
        };
        /** RecoveryCodesOut */
        RecoveryCodesOut: {
            /** Recovery Codes */
            recovery_codes: string[];
        };
        /** RefreshIn */
        RefreshIn: {
            /** Refresh Token */
            refresh_token: string;
        };
        /** RegisterIn */
        RegisterIn: {
            /**
             * Accept Privacy
             * @default false
             */
            accept_privacy?: boolean;
            /**
             * Accept Terms
             * @default false
             */
            accept_terms?: boolean;
            /** Date Of Birth */
            date_of_birth?: string | null;
            /** Display Name */
            display_name: string;
            /**
             * Email
             * Format: email
             */
            email: string;
            /**
             * Marketing Opt In
             * @default false
             */
            marketing_opt_in?: boolean;
            /** Parent Email */
            parent_email?: string | null;
            /** Password */
            password: string;
            /**
             * Role
             * @default student
             * @enum {string}
             */
            role?: "student" | "teacher" | "parent";
        };
        /** RelationsOut */
        RelationsOut: {
            /** Relations */
            relations: ("self" | "teacher" | "parent")[];
            /** Student Id */
            student_id: string;
            /** Viewer Id */
            viewer_id: string;
        };
        /** ReplyOut */
        ReplyOut: {
            /** Intent */
            intent: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "confirm" | "feedback" | "hint" | "partial_solution" | "worked_solution" | "explanation" | "clarify" | "refuse";
            /** Latency Ms */
            latency_ms: number;
            /** Misconception */
            misconception: string | null;
            /** Rung */
            rung: number;
            /** Rung Name */
            rung_name: string;
            /** Solved */
            solved: boolean;
            /** Sources */
            sources: components["schemas"]["SourceOut"][];
            /** Text */
            text: string;
            /** Turn */
            turn: number;
            usage: components["schemas"]["UsageOut"];
            /** Verdict */
            verdict: string | null;
            /** Voice */
            voice: string;
        };
        /** ReviewOut */
        ReviewOut: {
            /**
             * Due
             * Format: date-time
             */
            due: string;
            /** Overdue */
            overdue: boolean;
            /** Skill Id */
            skill_id: string;
            /** Skill Name */
            skill_name: string;
        };
        /** RevocationsOut */
        RevocationsOut: {
            /** Revoked */
            revoked: components["schemas"]["UserAccessRevoked"][];
        };
        /** RoleIn */
        RoleIn: {
            /** Reason */
            reason: string;
            /**
             * Role
             * @enum {string}
             */
            role: "student" | "teacher" | "parent" | "admin";
        };
        /** SendMessage */
        SendMessage: {
            /** Text */
            text: string;
        };
        /** ServiceTokenIn */
        ServiceTokenIn: {
            /** Proof */
            proof: string;
            /**
             * Service
             * @enum {string}
             */
            service: "identity" | "learning" | "tutor" | "billing" | "gateway";
            /** Timestamp */
            timestamp: number;
        };
        /** ServiceTokenOut */
        ServiceTokenOut: {
            /** Access Token */
            access_token: string;
            /** Expires In */
            expires_in: number;
            /**
             * Token Type
             * @default Bearer
             * @constant
             */
            token_type?: "Bearer";
        };
        /** SessionOut */
        SessionOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Item Id */
            item_id: string;
            /** Mode */
            mode: string;
            /** Rung */
            rung: number;
            /** Solved */
            solved: boolean;
            /** Status */
            status: string;
            /** Stem */
            stem: string;
            /** Student Id */
            student_id: string;
            /** Turns */
            turns: number;
        };
        /** SimulateIn */
        SimulateIn: {
            /**
             * Action
             * @enum {string}
             */
            action: "period_end" | "payment_failed" | "payment_recovered" | "refund_last";
        };
        /** SkillMasteryOut */
        SkillMasteryOut: {
            /** Mastered */
            mastered: boolean;
            /** P Known */
            p_known: number;
            /** Previous */
            previous: number;
            /** Skill Id */
            skill_id: string;
        };
        /** SkillOut */
        SkillOut: {
            /** Id */
            id: string;
            /** Level */
            level: string;
            /** Modules */
            modules: string[];
            /** Name */
            name: string;
            /** Prerequisites */
            prerequisites: string[];
            /** Summary */
            summary: string;
            /** Topic */
            topic: string;
        };
        /** SkillState */
        SkillState: {
            /** Attempts */
            attempts: number;
            /** Correct */
            correct: number;
            /** Last Attempt At */
            last_attempt_at: string | null;
            /** Mastered */
            mastered: boolean;
            /** Name */
            name: string;
            /** P Known */
            p_known: number;
            /** Skill Id */
            skill_id: string;
        };
        /** SkillSummary */
        SkillSummary: {
            /** Mastered */
            mastered: number;
            /** Mean P Known */
            mean_p_known: number;
            /** Name */
            name: string;
            /** Skill Id */
            skill_id: string;
            /** Students Practised */
            students_practised: number;
        };
        /** SourceOut */
        SourceOut: {
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** Title */
            title: string;
        };
        /**
         * StartSession
         * @description Start a session on a platform item, or on a problem the student typed.
         */
        StartSession: {
            /** Content Version */
            content_version?: string | null;
            /** Item Id */
            item_id?: string | null;
            /**
             * Mode
             * @default practice
             * @enum {string}
             */
            mode?: "practice" | "revision";
            /** Problem */
            problem?: string | null;
            /** Seed */
            seed?: number | null;
        };
        /** StatusIn */
        StatusIn: {
            /** Reason */
            reason: string;
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "disabled";
        };
        /** StuckStudent */
        StuckStudent: {
            /** Attempts */
            attempts: number;
            /** P Known */
            p_known: number;
            /** Skill Id */
            skill_id: string;
            /** Skill Name */
            skill_name: string;
            /** Student Id */
            student_id: string;
            /** Wrong In A Row */
            wrong_in_a_row: number;
        };
        /** StudentAssignmentProgress */
        StudentAssignmentProgress: {
            /**
             * Attempts
             * @description Attempts on those items, whenever made
             */
            attempts: number;
            /**
             * Complete
             * @description Items: every target attempted; a module or skills: every skill mastered
             */
            complete: boolean;
            /**
             * Correct
             * @description Of those attempts, the correct ones
             */
            correct: number;
            /**
             * Items Attempted
             * @description Distinct items of the assignment attempted (a module: its items; skills: every item practising them; items: the targets)
             */
            items_attempted: number;
            /** Items Total */
            items_total: number;
            /** Overdue */
            overdue: boolean;
            /** Skills Mastered */
            skills_mastered: number;
            /** Skills Total */
            skills_total: number;
            /** Student Id */
            student_id: string;
        };
        /** StudentContext */
        StudentContext: {
            /** Feedback */
            feedback: components["schemas"]["FeedbackNoteOut"][];
            /** Misconceptions */
            misconceptions: components["schemas"]["MisconceptionSeen"][];
            /** Recent Hint Use */
            recent_hint_use: number;
            /** Skills */
            skills: components["schemas"]["SkillState"][];
            /** Student Id */
            student_id: string;
        };
        /** StudentOut */
        StudentOut: {
            /** Display Name */
            display_name: string;
            /** Id */
            id: string;
        };
        /** StudentProgressOut */
        StudentProgressOut: {
            /** Pathways */
            pathways: components["schemas"]["PathwayProgressOut"][];
            /** Skills */
            skills: components["schemas"]["SkillState"][];
            /** Student Id */
            student_id: string;
        };
        /** StudentRow */
        StudentRow: {
            /** Attempts */
            attempts: number;
            /** Mastered */
            mastered: number;
            /** Mastery */
            mastery: {
                [key: string]: number;
            };
            /** Stuck On */
            stuck_on: string[];
            /** Student Id */
            student_id: string;
        };
        /** StudentsProgressOut */
        StudentsProgressOut: {
            /** Denied */
            denied: string[];
            /** Students */
            students: components["schemas"]["StudentProgressOut"][];
        };
        /** SubscriptionOut */
        SubscriptionOut: {
            /** Cancel At Period End */
            cancel_at_period_end: boolean;
            /** Current Period End */
            current_period_end: string | null;
            /** Entitled */
            entitled: boolean;
            /** Family */
            family: boolean;
            /** Id */
            id: string;
            /** Interval */
            interval: string;
            /** Member User Ids */
            member_user_ids: string[];
            /** Past Due Since */
            past_due_since: string | null;
            /** Payer User Id */
            payer_user_id: string;
            /** Plan */
            plan: string;
            /** Provider */
            provider: string;
            /** Status */
            status: string;
            /** Trial End */
            trial_end: string | null;
        };
        /** SubscriptionsOut */
        SubscriptionsOut: {
            /** Subscriptions */
            subscriptions: components["schemas"]["SubscriptionOut"][];
        };
        /** SyncAttemptIn */
        SyncAttemptIn: {
            /** Answer */
            answer: string;
            /**
             * Answered At
             * Format: date-time
             */
            answered_at: string;
            /** Client Id */
            client_id: string;
            /** Content Version */
            content_version?: string | null;
            /** Duration Ms */
            duration_ms?: number | null;
            /**
             * Hints Used
             * @default 0
             */
            hints_used?: number;
            /** Item Id */
            item_id: string;
            /** Part */
            part?: string | null;
            /**
             * Saw Solution
             * @default false
             */
            saw_solution?: boolean;
            /** Seed */
            seed?: number | null;
            /**
             * Tutor Help
             * @default false
             */
            tutor_help?: boolean;
        };
        /** SyncIn */
        SyncIn: {
            /** Attempts */
            attempts: components["schemas"]["SyncAttemptIn"][];
        };
        /** SyncOut */
        SyncOut: {
            /** Mastery */
            mastery: components["schemas"]["SkillMasteryOut"][];
            /** Results */
            results: components["schemas"]["SyncResult"][];
        };
        /** SyncResult */
        SyncResult: {
            attempt?: components["schemas"]["AttemptOut"] | null;
            /** Client Id */
            client_id: string;
            /** Error */
            error?: string | null;
            /**
             * Outcome
             * @enum {string}
             */
            outcome: "recorded" | "duplicate" | "rejected";
        };
        /** TokenIn */
        TokenIn: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /** Password */
            password: string;
            /** Recovery Code */
            recovery_code?: string | null;
            /** Totp Code */
            totp_code?: string | null;
        };
        /** TokenOut */
        TokenOut: {
            /** Access Token */
            access_token: string;
            /** Expires In */
            expires_in: number;
            /**
             * Mfa Enrolment Required
             * @default false
             */
            mfa_enrolment_required?: boolean;
            /** Refresh Token */
            refresh_token?: string | null;
            /** Roles */
            roles: ("student" | "teacher" | "parent" | "admin")[];
            /**
             * Token Type
             * @default Bearer
             * @constant
             */
            token_type?: "Bearer";
            /** User Id */
            user_id: string;
        };
        /** TotpStartOut */
        TotpStartOut: {
            /** Otpauth Uri */
            otpauth_uri: string;
            /** Secret */
            secret: string;
        };
        /** TranscriptOut */
        TranscriptOut: {
            session: components["schemas"]["SessionOut"];
            /** Turns */
            turns: components["schemas"]["TurnOut"][];
        };
        /** TurnOut */
        TurnOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Message */
            message: string;
            reply: components["schemas"]["ReplyOut"];
            /** Turn */
            turn: number;
        };
        /** TutorAnswer */
        TutorAnswer: {
            /** Dp */
            dp?: number | null;
            /**
             * Form
             * @default any
             */
            form?: string;
            /** Kind */
            kind: string;
            /** Sf */
            sf?: number | null;
            /** Tolerance */
            tolerance?: number | null;
            /** Units */
            units?: string | null;
            /** Value */
            value: string;
        };
        /**
         * TutorItem
         * @description Everything the tutor needs about one item, including what students must not see.
         */
        TutorItem: {
            answer: components["schemas"]["TutorAnswer"] | null;
            /** Content Version */
            content_version: string;
            /** Difficulty */
            difficulty: number;
            /** Hints */
            hints: string[];
            /** Id */
            id: string;
            /** Lesson Ids */
            lesson_ids: string[];
            /** Misconceptions */
            misconceptions: string[];
            /** Module Id */
            module_id: string;
            /** Parts */
            parts: components["schemas"]["TutorPart"][] | null;
            /** Problem */
            problem?: {
                [key: string]: unknown;
            } | null;
            /** Seed */
            seed: number | null;
            /** Skills */
            skills: string[];
            /** Solution */
            solution: components["schemas"]["TutorStep"][];
            /** Stem */
            stem: string;
        };
        /** TutorPart */
        TutorPart: {
            answer: components["schemas"]["TutorAnswer"];
            /** Hints */
            hints: string[];
            /** Label */
            label: string;
            /** Marks */
            marks: number;
            /** Misconceptions */
            misconceptions: string[];
            /** Problem */
            problem?: {
                [key: string]: unknown;
            } | null;
            /** Prompt */
            prompt: string;
            /** Solution */
            solution: components["schemas"]["TutorStep"][];
        };
        /** TutorStep */
        TutorStep: {
            /** Math */
            math?: string | null;
            /** Text */
            text: string;
        };
        /**
         * UsageOut
         * @description What the language model was asked for this turn (zero for the template voice).
         */
        UsageOut: {
            /** Cost Usd */
            cost_usd: number;
            /** Estimated */
            estimated: boolean;
            /** Input Tokens */
            input_tokens: number;
            /** Output Tokens */
            output_tokens: number;
        };
        /** UserAccessRevoked */
        UserAccessRevoked: {
            /** Expires At */
            expires_at: number;
            /** Not Before */
            not_before: number;
            /**
             * Reason
             * @enum {string}
             */
            reason: "erased" | "disabled" | "role_changed" | "password_reset";
            /** User Id */
            user_id: string;
        };
        /** UserAdminOut */
        UserAdminOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string;
            /** Email */
            email: string | null;
            /** Id */
            id: string;
            /** Last Sign In At */
            last_sign_in_at: string | null;
            /** Mfa Enabled */
            mfa_enabled: boolean;
            /**
             * Role
             * @enum {string}
             */
            role: "student" | "teacher" | "parent" | "admin";
            /** Status */
            status: string;
        };
        /** UserPage */
        UserPage: {
            /** Items */
            items: components["schemas"]["UserAdminOut"][];
            /** Total */
            total: number;
        };
        /** WebhookAck */
        WebhookAck: {
            /** Duplicate */
            duplicate: boolean;
            /** Received */
            received: boolean;
        };
        /** WeeklySummaryOut */
        WeeklySummaryOut: {
            /** Attempts */
            attempts: number;
            /** Correct */
            correct: number;
            /** Days Active */
            days_active: number;
            /** Misconceptions */
            misconceptions: string[];
            /** Skills Mastered */
            skills_mastered: string[];
            /** Skills Practised */
            skills_practised: string[];
            /** Streak Days */
            streak_days: number;
            /** Struggling With */
            struggling_with: string[];
            /** Student Id */
            student_id: string;
            /** Time Spent Ms */
            time_spent_ms: number;
            /**
             * Week End
             * Format: date-time
             */
            week_end: string;
            /**
             * Week Start
             * Format: date-time
             */
            week_start: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    jwks__well_known_jwks_json_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    discovery__well_known_openid_configuration_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    learning_analytics_api_v1_admin_analytics_learning_get: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    audit_log_api_v1_admin_audit_get: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                target_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_users_api_v1_admin_users_get: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                q?: string | null;
                role?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_user_api_v1_admin_users__user_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAdminOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    erase_user_api_v1_admin_users__user_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    set_role_api_v1_admin_users__user_id__role_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAdminOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    set_status_api_v1_admin_users__user_id__status_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StatusIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAdminOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submit_attempt_api_v1_attempts_post: {
        parameters: {
            query?: never;
            header: {
                /** @description A new random key (8-200 characters) for each write; a retry sends the same. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttemptIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttemptOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule; The answer is nested too deeply to check */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sync_attempts_api_v1_attempts_sync_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncOut"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    firebase_api_v1_auth_firebase_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExternalTokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenOut"];
                };
            };
            /** @description The identity provider's token was not accepted */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This account cannot sign in yet */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Consent is required */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout_api_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oidc_api_v1_auth_oidc__provider__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExternalTokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenOut"];
                };
            };
            /** @description The identity provider's token was not accepted */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This account cannot sign in yet */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Consent is required */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    parental_consent_api_v1_auth_parental_consent_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OneTimeTokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This link is not valid or has expired */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    password_reset_api_v1_auth_password_reset_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    password_reset_confirm_api_v1_auth_password_reset_confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetConfirmIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description This link is not valid or has expired; Choose a stronger password */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh_api_v1_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenOut"];
                };
            };
            /** @description Sign in again */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    register_api_v1_auth_register_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedOut"];
                };
            };
            /** @description Choose a stronger password; Consent is required; Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    token_api_v1_auth_token_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenOut"];
                };
            };
            /** @description Email or password is incorrect; Enter the code from your authenticator app; That code is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This account cannot sign in yet */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed sign-ins */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_email_api_v1_auth_verify_email_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OneTimeTokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description This link is not valid or has expired */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkout_api_v1_billing_checkout_post: {
        parameters: {
            query?: never;
            header: {
                /** @description A new random key (8-200 characters) for each write; a retry sends the same. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already covered by a plan at least this good; This Idempotency-Key was used for a different request; The free trial has been used on this account */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The payment provider refused or failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    entitlements_api_v1_billing_entitlements__student_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entitlements"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_entitlements_api_v1_billing_entitlements_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entitlements"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_plans_api_v1_billing_plans_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"][];
                };
            };
        };
    };
    checkout_page_api_v1_billing_sandbox_checkout__session_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    complete_api_v1_billing_sandbox_checkout__session_id__complete_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletedOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The payment provider refused or failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    portal_page_api_v1_billing_sandbox_portal__customer_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    simulate_api_v1_billing_sandbox_subscriptions__provider_subscription_id__simulate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider_subscription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulateIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: true;
                    };
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The payment provider refused or failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_subscriptions_api_v1_billing_subscription_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionsOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_api_v1_billing_subscriptions__subscription_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscription_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The subscription is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    change_api_v1_billing_subscriptions__subscription_id__change_plan_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePlanIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The subscription is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    portal_api_v1_billing_subscriptions__subscription_id__portal_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscription_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The subscription is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reconcile_one_api_v1_billing_subscriptions__subscription_id__reconcile_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscription_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconcileOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The subscription is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resume_api_v1_billing_subscriptions__subscription_id__resume_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscription_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The subscription is not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_api_v1_billing_webhooks__provider__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "sandbox" | "stripe" | "paypal";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description The webhook could not be verified */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_classes_api_v1_classes_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassOut"][];
                };
            };
        };
    };
    create_class_api_v1_classes_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClassIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassOut"];
                };
            };
            /** @description Your plan does not include this */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_class_api_v1_classes__class_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDetailOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    archive_api_v1_classes__class_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    new_code_api_v1_classes__class_id__join_code_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_student_api_v1_classes__class_id__students__student_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    join_api_v1_classes_join_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rosters_api_v1_classes_rosters_get: {
        parameters: {
            query: {
                class_id: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassRostersOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dev_outbox_api_v1_identity_dev_outbox_get: {
        parameters: {
            query?: {
                limit?: number;
                to?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirm_erasure_api_v1_identity_privacy__request_id__confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    contribute_export_api_v1_identity_privacy__request_id__contribute_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContributionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    class_relation_api_v1_identity_relations_classes__class_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassRelationOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    many_student_relations_api_v1_identity_relations_students_get: {
        parameters: {
            query: {
                student_id: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelationsOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_relations_api_v1_identity_relations_students__student_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelationsOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    access_revocations_api_v1_identity_revocations_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevocationsOut"];
                };
            };
        };
    };
    service_token_api_v1_identity_service_token_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceTokenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceTokenOut"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_item_api_v1_items__item_id__get: {
        parameters: {
            query?: {
                seed?: number | null;
                version?: string | null;
            };
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    tutor_item_api_v1_learning_internal_items__item_id__get: {
        parameters: {
            query?: {
                seed?: number | null;
                version?: string | null;
            };
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TutorItem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_context_api_v1_learning_internal_students__student_id__context_get: {
        parameters: {
            query?: {
                skills?: string | null;
            };
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudentContext"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    feedback_api_v1_learning_internal_students__student_id__feedback_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackNoteOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_children_api_v1_learning_parents_me_children_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChildSummary"][];
                };
            };
        };
    };
    my_links_api_v1_links_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkOut"][];
                };
            };
        };
    };
    unlink_api_v1_links__link_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                link_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    accept_api_v1_links_accept_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteAcceptIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkOut"];
                };
            };
            /** @description Already done */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This link is not valid or has expired */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    invite_api_v1_links_invitations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteOut"];
                };
            };
        };
    };
    me_api_v1_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
        };
    };
    erase_me_api_v1_me_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReauthIn"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestOut"];
                };
            };
            /** @description Confirm it is you */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed sign-ins */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_me_api_v1_me_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_me_api_v1_me_export_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestOut"];
                };
            };
        };
    };
    get_export_api_v1_me_export__request_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disable_mfa_api_v1_me_mfa_disable_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description That code is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already done */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    regenerate_codes_api_v1_me_mfa_recovery_codes_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesOut"];
                };
            };
            /** @description That code is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    start_totp_api_v1_me_mfa_totp_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpStartOut"];
                };
            };
            /** @description Already done */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirm_totp_api_v1_me_mfa_totp_confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesOut"];
                };
            };
            /** @description That code is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already done */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_modules_api_v1_modules_get: {
        parameters: {
            query?: {
                level?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModuleOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_module_api_v1_modules__module_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                module_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModuleOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_lesson_api_v1_modules__module_id__lessons__lesson_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                lesson_id: string;
                module_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LessonOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_pathways_api_v1_pathways_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayOut"][];
                };
            };
        };
    };
    enrol_api_v1_pathways__pathway_id__enrolment_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pathway_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /** @description Your plan does not include this */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    leave_api_v1_pathways__pathway_id__enrolment_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pathway_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_skills_api_v1_skills_get: {
        parameters: {
            query?: {
                level?: string | null;
                topic?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkillOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_skill_api_v1_skills__skill_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                skill_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkillOut"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_assignments_api_v1_students__student_id__assignments_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentProgress"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dashboard_api_v1_students__student_id__dashboard_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_feedback_api_v1_students__student_id__feedback_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackNoteOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_feedback_api_v1_students__student_id__feedback_post: {
        parameters: {
            query?: never;
            header: {
                /** @description A new random key (8-200 characters) for each write; a retry sends the same. */
                "Idempotency-Key": string;
            };
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackNoteOut"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_mastery_api_v1_students__student_id__mastery_get: {
        parameters: {
            query?: {
                skills?: string | null;
            };
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkillState"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    next_activity_api_v1_students__student_id__next_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NextOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_reviews_api_v1_students__student_id__reviews_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    weekly_summary_api_v1_students__student_id__weekly_summary_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WeeklySummaryOut"];
                };
            };
            /** @description Your plan does not include this */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    students_progress_api_v1_students_progress_get: {
        parameters: {
            query: {
                student_id: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudentsProgressOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_assignments_api_v1_teaching_classes__class_id__assignments_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_assignment_api_v1_teaching_classes__class_id__assignments_post: {
        parameters: {
            query?: never;
            header: {
                /** @description A new random key (8-200 characters) for each write; a retry sends the same. */
                "Idempotency-Key": string;
            };
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignmentIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentOut"];
                };
            };
            /** @description Request breaks a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assignment_progress_api_v1_teaching_classes__class_id__assignments__assignment_id__progress_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                assignment_id: string;
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentClassProgress"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    class_overview_api_v1_teaching_classes__class_id__overview_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                class_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassOverviewOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    experiment_api_v1_tutor_experiments__name__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentOut"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    start_session_api_v1_tutor_sessions_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartSession"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The maths engine cannot classify this problem; Start a tutoring session on one part of this item */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transcript_api_v1_tutor_sessions__session_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranscriptOut"];
                };
            };
            /** @description Tutoring session not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    send_message_api_v1_tutor_sessions__session_id__messages_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessage"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplyOut"];
                    "text/event-stream": unknown;
                };
            };
            /** @description Your plan does not include this */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Tutoring session not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    student_sessions_api_v1_tutor_students__student_id__sessions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                student_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"][];
                };
            };
            /** @description The request is not valid (the problem lists each error) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
